import { ConfigurationError } from '../errors/configuration-error.js';
import { KeygateError } from '../errors/keygate-error.js';
import type { AttemptOutcomeListener, AuthRequest, KeyUse } from '../strategies/strategy.js';
import type { CallPlan } from './call-plan.js';
import { serializeJson } from './check-call.js';
import type { AttemptDeadline } from './deadline.js';
import { encodeMultipart } from './multipart.js';
import { sanitizeCause } from './redact.js';
import type { Hop } from './redirect.js';
import { withUploadProgress } from './upload-progress.js';

/** One request of an attempt, authenticated and ready for ky. */
export interface BuiltRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: BodyInit | undefined;
  /** What the strategy asked to be told about this request's outcome. */
  listeners: AttemptOutcomeListener[];
  /** The key the strategy said it placed (its fingerprint and age), when it said. */
  key: KeyUse | undefined;
}

/**
 * Authenticates one request of an attempt (the first, or a followed redirect's): copies the plan,
 * lets the strategy place the key under the attempt's deadline, then serialises the body once.
 *
 * @param plan The call's plan.
 * @param hop The method, URL and whether the body is sent.
 * @param deadline The attempt's deadline; the strategy gets its signal and is not waited for past it.
 * @param refreshKey Whether the previous attempt's key was refused and should be refreshed.
 * @returns The request's parts: synchronously when the strategy is (a plain string key), so
 *   the common case costs no promise.
 * @throws {ConfigurationError} When the strategy fails or moves the request to another origin.
 */
export function buildRequest(
  plan: CallPlan,
  hop: Hop,
  deadline: AttemptDeadline,
  refreshKey: boolean,
): BuiltRequest | Promise<BuiltRequest> {
  const listeners: AttemptOutcomeListener[] = [];
  let key: KeyUse | undefined;
  // Copied only for a strategy that reads it (a query key): header and body keys never do.
  let url: URL | undefined;
  const authRequest: AuthRequest = {
    method: hop.method,
    get url() {
      url ??= new URL(hop.url);
      return url;
    },
    headers: new Headers(plan.headers),
    body: hop.withBody ? copyBody(plan) : undefined,
    refreshKey,
    signal: deadline.signal,
    provider: plan.providerId,
    conceal(secret: string) {
      if (typeof secret === 'string' && secret !== '') plan.secrets.add(secret);
    },
    onOutcome(listener: AttemptOutcomeListener) {
      if (typeof listener === 'function') listeners.push(listener);
    },
    useKey(used: KeyUse) {
      if (typeof used?.fingerprint === 'string') key = used;
    },
  };
  const finish = (): BuiltRequest => {
    if (url !== undefined && url.origin !== plan.url.origin) {
      throw new ConfigurationError(
        `The "${plan.strategy.name}" auth strategy moved the request to another origin; strategies may add query ` +
          'parameters but not change where the key is sent.',
        { provider: plan.provider },
      );
    }
    const { headers } = authRequest;
    return {
      url: url ?? hop.url,
      method: hop.method,
      headers,
      body: encodeBody(plan, authRequest, hop.withBody),
      listeners,
      key,
    };
  };
  const failed = (error: unknown): never => {
    if (deadline.stopReason !== undefined || error instanceof KeygateError) throw error;
    throw new ConfigurationError(
      `The "${plan.strategy.name}" auth strategy failed. See the cause for details.`,
      {
        provider: plan.provider,
        cause: sanitizeCause(error, plan.secrets),
      },
    );
  };
  let authenticated: void | Promise<void>;
  try {
    authenticated = plan.strategy.authenticate(authRequest);
  } catch (error) {
    return failed(error);
  }
  // A synchronous strategy returns nothing: no promise to wait for, no race to set up.
  if (authenticated === undefined) return finish();
  return deadline.race(Promise.resolve(authenticated)).then(finish, failed);
}

function encodeBody(plan: CallPlan, request: AuthRequest, withBody: boolean): BodyInit | undefined {
  const { body, headers } = request;
  if (plan.binary !== undefined && withBody) return binaryBody(plan, plan.binary, headers);
  if (body === undefined) return undefined;
  if (body instanceof FormData) {
    // Encoded by keygate: a pulled stream with an exact length (see encodeMultipart).
    const multipart = encodeMultipart(body);
    headers.set('content-type', multipart.contentType);
    headers.set('content-length', String(multipart.length));
    return plan.onUploadProgress
      ? withUploadProgress(multipart.stream, multipart.length, plan.onUploadProgress)
      : multipart.stream;
  }
  headers.set('content-type', 'application/json');
  return serializeJson(body, plan.provider);
}

/**
 * Raw bytes, as a stream of the Blob with its exact length: undici would read a Blob body whole
 * into memory before sending it (its writeBlob), and object storage refuses a chunked upload. Each
 * attempt reads the Blob again, so a retry sends every byte.
 */
function binaryBody(plan: CallPlan, blob: Blob, headers: Headers): BodyInit {
  if (blob.type !== '' && !headers.has('content-type')) headers.set('content-type', blob.type);
  headers.set('content-length', String(blob.size));
  const stream = blob.stream();
  return plan.onUploadProgress === undefined
    ? stream
    : withUploadProgress(stream, blob.size, plan.onUploadProgress);
}

function copyBody(plan: CallPlan): Record<string, unknown> | FormData | undefined {
  if (plan.form !== undefined) {
    const form = new FormData();
    for (const [name, value] of plan.form) form.append(name, value);
    return form;
  }
  return plan.json === undefined ? undefined : { ...plan.json };
}
