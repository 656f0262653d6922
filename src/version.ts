/**
 * keygate's version, sent in the `user-agent` header and named in traces. A test checks it
 * against package.json, so a release that bumps one and not the other fails `npm test`.
 */
export const keygateVersion = '0.1.0';
