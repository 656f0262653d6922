import type * as Ky from 'ky';

/** The ky module. */
export type KyModule = typeof Ky;

let loading: Promise<KyModule> | undefined;
let loaded: KyModule | undefined;

/**
 * Loads ky on the first request instead of at import. ky's feature checks construct a `Request`
 * when its module is evaluated, which makes Node load its fetch implementation (undici) at once;
 * loading ky lazily keeps `import 'keygate/<provider>'` cheap for services that import the client
 * at start-up but call it later. The first request pays what its first fetch would pay anyway.
 *
 * @returns The ky module, loaded once.
 */
export function loadKy(): Promise<KyModule> {
  loading ??= import('ky').then((module) => {
    loaded = module;
    return module;
  });
  return loading;
}

/**
 * ky, if a request has loaded it. No ky error can exist before that, so error mapping can
 * skip ky's guards when this is `undefined`.
 *
 * @returns The loaded module, or `undefined`.
 */
export function loadedKy(): KyModule | undefined {
  return loaded;
}
