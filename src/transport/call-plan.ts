import type { AuthStrategy } from '../strategies/strategy.js';
import type { UploadProgressListener } from './upload-progress.js';

/**
 * Everything one call needs to build its requests, before any key is applied. The transport
 * makes one per call; every attempt and every followed redirect authenticates a fresh copy.
 */
export interface CallPlan {
  readonly provider: string;
  readonly strategy: AuthStrategy;
  readonly method: string;
  /** The target URL with the call's query parameters and no key. */
  readonly url: URL;
  /** Static and per-call headers, no key. */
  readonly headers: Headers;
  readonly json: Record<string, unknown> | undefined;
  readonly form: FormData | undefined;
  /** Secrets the strategy concealed on any attempt of this call. */
  readonly secrets: Set<string>;
  /**
   * `manual` lets the redirect guard inspect every redirect; `error` (uploads) makes fetch refuse
   * redirects outright, which is also what lets undici stream the body without keeping a copy.
   */
  readonly redirect: 'manual' | 'error';
  /** The caller's signal, which also ends a wait between retries. */
  readonly signal: AbortSignal | undefined;
  /** Whether this call repeats one whose key was refused, so key sources should refresh. */
  readonly refreshKey: boolean;
  /** Receives the progress of a multipart body as fetch reads it. */
  readonly onUploadProgress: UploadProgressListener | undefined;
}

/** The name under which the plan travels through ky's options to the hooks and the redirect guard. */
export const callPlanOption = 'keygateCallPlan';

/**
 * Reads the plan back from ky's options (hooks) or from the init ky passes to `fetch`.
 *
 * @param options ky's normalized options or fetch init.
 * @returns The plan, or `undefined` for a request keygate did not start.
 */
export function callPlanOf(options: unknown): CallPlan | undefined {
  return (options as Record<string, CallPlan | undefined> | undefined)?.[callPlanOption];
}
