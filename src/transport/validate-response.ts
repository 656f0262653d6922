import * as v from 'valibot';
import { type ResponseIssue, ResponseValidationError } from '../errors/response-validation-error.js';

/** A valibot schema for a response body (synchronous). */
export type ResponseSchema<T> = v.GenericSchema<unknown, T>;

/** The call a response belongs to, for the message. */
export interface ValidationTarget {
  provider: string;
  /** `METHOD https://host/path` */
  target: string;
  status: number;
}

/**
 * Validates a parsed body. Issues keep paths, expectations and received *types*: valibot's own
 * messages quote received values, which could echo a key, so they are not used.
 *
 * @param schema The response schema.
 * @param body The parsed JSON body (`undefined` for an empty body).
 * @param target The call, for the message (built only on failure).
 * @returns The typed output.
 * @throws {ResponseValidationError} When the body does not match.
 */
export function validateResponse<T>(
  schema: ResponseSchema<T>,
  body: unknown,
  target: () => ValidationTarget,
): T {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const at = target();
  const issues: ResponseIssue[] = result.issues.slice(0, 10).map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    expected: issue.expected ?? issue.type,
    received: typeOf(issue.input),
  }));
  const summary = issues.map(
    (issue) => `${issue.path || '(body)'}: expected ${issue.expected}, got ${issue.received}`,
  );
  return failValidation(
    `${at.provider} answered ${at.status} to ${at.target} with a body keygate does not understand (${summary.join('; ')}). ` +
      'The API may have changed: upgrade keygate, or report the issue paths.',
    { status: at.status, issues },
  );
}

/**
 * Parses a 2xx body as JSON; an empty body is `undefined`.
 *
 * @param text The body text.
 * @param headers The response's headers: its content type, for the message (read only on failure).
 * @param target The call, for the message (built only on failure).
 * @returns The parsed value.
 * @throws {ResponseValidationError} When the body is not JSON.
 */
export function parseJsonBody(text: string, headers: Headers, target: () => ValidationTarget): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const at = target();
    const contentType = headers.get('content-type');
    return failValidation(
      `${at.provider} answered ${at.status} to ${at.target} with a body that is not JSON ` +
        `(content-type ${contentType ?? 'missing'}, ${text.length} characters). A proxy or an outage page may be in the way.`,
      { status: at.status, issues: [{ path: '', expected: 'JSON', received: contentType ?? 'text' }] },
    );
  }
}

function failValidation(message: string, options: { status: number; issues: ResponseIssue[] }): never {
  throw new ResponseValidationError(message, options);
}

/**
 * A value's JSON type for an issue's `received`: `null`, `array`, or its `typeof`; never the value,
 * which could echo a secret or a provider's text.
 *
 * @param value Anything parsed from a body.
 * @returns The type's name.
 */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
