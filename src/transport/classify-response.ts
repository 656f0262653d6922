import type { ErrorDetails, ErrorResponse } from '../errors/classify-status.js';

/**
 * A provider's hook that reads an answer (any status) and says which error it is, or
 * `undefined` to accept a 2xx body / fall back to the HTTP status for an error status. It sees
 * the body scrubbed of every concealed key and cut to a bounded excerpt, and may be called on
 * hostile input: it must not throw (if it does, keygate falls back to the status).
 */
export type ClassifyResponse = (response: ErrorResponse) => ErrorDetails | undefined;
