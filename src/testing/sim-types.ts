import type { IncomingHttpHeaders } from 'node:http';
import type { FoundCredential } from './credentials.js';

/** A parsed request, as a simulated provider sees it. */
export interface SimRequest {
  method: string;
  url: URL;
  /** The path below the provider's base path, e.g. `indexes/abc`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | FormData | undefined;
  credential: FoundCredential;
}

/** What a simulated provider answers. */
export interface SimResponse {
  status: number;
  /** JSON body; `undefined` for an empty answer. */
  body?: unknown | undefined;
  headers?: Record<string, string> | undefined;
}

/** The scenarios a TwelveLabs key can play. */
export type TwelveLabsKeyScenario = 'valid' | 'invalid' | 'expired' | 'forbidden' | 'rateLimited';
/** The scenarios a ModelsLab key can play. */
export type ModelsLabKeyScenario = 'valid' | 'invalid' | 'noCredits' | 'forbidden' | 'rateLimited';
