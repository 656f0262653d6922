import type { ApiErrorKind, ErrorDetails, ErrorResponse } from '../../src/index.js';

/** The environment variable ModelsLab clients read the key from. */
export const MODELSLAB_ENV = 'MODELSLAB_API_KEY';

// Ordered: the first pattern that matches the provider's message decides the class.
const messageKinds: Array<[ApiErrorKind, RegExp]> = [
  [
    'authentication',
    /\b(api[\s_-]?)?key\b.*\b(invalid|missing|expired|not valid|not found|wrong|incorrect|required)\b|\b(invalid|missing|expired|wrong|incorrect|no)\b.*\b(api[\s_-]?)?key\b|unauthori[sz]ed/i,
  ],
  ['insufficient_credits', /credit|balance|insufficient|wallet|top[\s-]?up/i],
  ['permission_denied', /premium|subscription|\bplan\b|not available|upgrade|not allowed|forbidden/i],
  ['rate_limit', /rate|limit|too many|queue/i],
];

// Statuses that mean the same thing whatever ModelsLab's message says.
const statusKinds: Record<number, ApiErrorKind> = {
  401: 'authentication',
  402: 'insufficient_credits',
  403: 'permission_denied',
  404: 'not_found',
  429: 'rate_limit',
};

/**
 * ModelsLab reports many failures as HTTP 200 with `{"status": "error", "message": ...}` (legacy
 * endpoints spell it `messege`), and others as real 401/402/403/429. Both map to the same error
 * classes: by status where it is specific, otherwise by the message.
 *
 * @param response The response facts from the transport.
 * @returns Error details, or `undefined` for a success or processing answer.
 */
export function classifyModelsLabResponse(response: ErrorResponse): ErrorDetails | undefined {
  const body =
    typeof response.body === 'object' && response.body !== null
      ? (response.body as Record<string, unknown>)
      : {};
  const reportedError = body.status === 'error' || body.status === 'failed';
  if (response.status < 400 && !reportedError) return undefined;
  const message = messageOf(body);
  const byStatus = statusKinds[response.status] ?? (response.status >= 500 ? 'server' : undefined);
  const byMessage =
    message === undefined ? undefined : messageKinds.find(([, pattern]) => pattern.test(message))?.[0];
  const kind = byStatus ?? byMessage ?? (body.status === 'failed' ? 'server' : 'bad_request');
  const retryAfter = Number(body.retry_after);
  return {
    kind,
    code: typeof body.code === 'string' ? body.code : undefined,
    message: message ?? (body.status === 'failed' ? 'The generation failed.' : undefined),
    hint: hints[kind],
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.ceil(retryAfter * 1000) : undefined,
  };
}

const hints: Partial<Record<ApiErrorKind, string>> = {
  authentication: `Check the ModelsLab API key: set ${MODELSLAB_ENV} (or pass \`apiKey\`).`,
  insufficient_credits: 'Top up the ModelsLab wallet or upgrade the plan, then try again.',
  permission_denied: 'This model or feature needs another ModelsLab plan.',
};

/** `message`, or the legacy `messege`; validation errors arrive as `{ field: [reasons] }`. */
function messageOf(body: Record<string, unknown>): string | undefined {
  const raw = body.message ?? body.messege ?? body.error;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object' && raw !== null) {
    return Object.entries(raw)
      .map(([field, reasons]) => `${field}: ${Array.isArray(reasons) ? reasons.join(' ') : String(reasons)}`)
      .join('; ');
  }
  return undefined;
}
