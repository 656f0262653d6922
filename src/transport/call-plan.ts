import type { CallTrace } from '../observability/call-trace.js';
import type { AuthStrategy } from '../strategies/strategy.js';
import type { UploadProgressListener } from './upload-progress.js';

/**
 * Everything one call needs to build its requests, before any key is applied. The transport
 * makes one per call; every attempt and every followed redirect authenticates a fresh copy.
 */
export interface CallPlan {
  /** The provider's display name, for messages. */
  readonly provider: string;
  /** The provider's id, e.g. `twelvelabs`: told to strategies and key sources. */
  readonly providerId: string;
  readonly strategy: AuthStrategy;
  readonly method: string;
  /** The target URL with the call's query parameters and no key. */
  readonly url: URL;
  /** Static and per-call headers, no key. */
  readonly headers: Headers;
  readonly json: Record<string, unknown> | undefined;
  readonly form: FormData | undefined;
  /** Raw bytes, sent as they are. */
  readonly binary: Blob | undefined;
  /** Secrets the strategy concealed on any attempt of this call. */
  readonly secrets: Set<string>;
  /**
   * `manual` lets the attempt loop inspect every redirect; `error` (uploads) makes fetch refuse
   * redirects outright, which is also what lets undici stream the body without keeping a copy.
   */
  readonly redirect: 'manual' | 'error';
  /** A streamed upload: sent once (no retry after a failure), redirects refused. */
  readonly upload: boolean;
  /**
   * A call whose 2xx body is handed to the caller unread, as a stream (`transport.stream`);
   * error answers are read and classified as for any call.
   */
  readonly stream: boolean;
  /** Whether the call may be sent twice: an idempotent method, or an idempotency key. */
  readonly idempotent: boolean;
  /** Attempts made so far (1 during the first): written by the attempt loop. */
  attempts: number;
  /** Watches the call (logs, hooks, spans), when anything is watching. */
  readonly trace: CallTrace | undefined;
  /** The caller's signal: it ends the current attempt and any wait between attempts. */
  readonly signal: AbortSignal | undefined;
  /** Receives the progress of a multipart body as fetch reads it. */
  readonly onUploadProgress: UploadProgressListener | undefined;
}
