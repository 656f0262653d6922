import type { AbortError } from './abort-error.js';
import type { AllKeysUnavailableError } from './all-keys-unavailable-error.js';
import type { ApiError } from './api-error.js';
import type { AuthenticationError } from './authentication-error.js';
import type { BadRequestError } from './bad-request-error.js';
import type { ConfigurationError } from './configuration-error.js';
import type { ConnectionError } from './connection-error.js';
import type { GenerationFailedError } from './generation-failed-error.js';
import type { InsufficientCreditsError } from './insufficient-credits-error.js';
import { type KeygateError, keygateErrorBrand } from './keygate-error.js';
import type { NotFoundError } from './not-found-error.js';
import type { PermissionDeniedError } from './permission-denied-error.js';
import type { RateLimitError } from './rate-limit-error.js';
import type { RedirectError } from './redirect-error.js';
import type { ResponseTooLargeError } from './response-too-large-error.js';
import type { ResponseValidationError } from './response-validation-error.js';
import type { ServerError } from './server-error.js';
import type { TimeoutError } from './timeout-error.js';
import type { WebhookVerificationError } from './webhook-verification-error.js';

// Guards go by the brand and the `name` rather than `instanceof`, so an error thrown by another
// copy of keygate (a second install, a worker, a vm context) is still recognised.
const apiErrorNames = new Set([
  'ApiError',
  'BadRequestError',
  'AuthenticationError',
  'InsufficientCreditsError',
  'PermissionDeniedError',
  'NotFoundError',
  'RateLimitError',
  'ServerError',
  'GenerationFailedError',
]);

/**
 * Whether `value` is any error keygate threw.
 *
 * @param value Anything caught.
 * @returns `true` for every keygate error class, from any copy of the package.
 */
export function isKeygateError(value: unknown): value is KeygateError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[keygateErrorBrand] === true
  );
}

function hasName(value: unknown, name: string): boolean {
  return isKeygateError(value) && value.name === name;
}

/**
 * Whether `value` is an answer from the provider that is an error (any status).
 *
 * @param value Anything caught.
 * @returns `true` for `ApiError` and all its subclasses.
 */
export function isApiError(value: unknown): value is ApiError {
  return isKeygateError(value) && apiErrorNames.has(value.name);
}

/** @returns Whether `value` is an {@link AllKeysUnavailableError}. @param value Anything caught. */
export const isAllKeysUnavailableError = (value: unknown): value is AllKeysUnavailableError =>
  hasName(value, 'AllKeysUnavailableError');

/** @returns Whether `value` is a {@link ConfigurationError}. @param value Anything caught. */
export const isConfigurationError = (value: unknown): value is ConfigurationError =>
  hasName(value, 'ConfigurationError');
/** @returns Whether `value` is a {@link BadRequestError}. @param value Anything caught. */
export const isBadRequestError = (value: unknown): value is BadRequestError =>
  hasName(value, 'BadRequestError');
/** @returns Whether `value` is an {@link AuthenticationError}. @param value Anything caught. */
export const isAuthenticationError = (value: unknown): value is AuthenticationError =>
  hasName(value, 'AuthenticationError');
/** @returns Whether `value` is an {@link InsufficientCreditsError}. @param value Anything caught. */
export const isInsufficientCreditsError = (value: unknown): value is InsufficientCreditsError =>
  hasName(value, 'InsufficientCreditsError');
/** @returns Whether `value` is a {@link PermissionDeniedError}. @param value Anything caught. */
export const isPermissionDeniedError = (value: unknown): value is PermissionDeniedError =>
  hasName(value, 'PermissionDeniedError');
/** @returns Whether `value` is a {@link NotFoundError}. @param value Anything caught. */
export const isNotFoundError = (value: unknown): value is NotFoundError => hasName(value, 'NotFoundError');
/** @returns Whether `value` is a {@link RateLimitError}. @param value Anything caught. */
export const isRateLimitError = (value: unknown): value is RateLimitError => hasName(value, 'RateLimitError');
/** @returns Whether `value` is a {@link ServerError}. @param value Anything caught. */
export const isServerError = (value: unknown): value is ServerError =>
  hasName(value, 'ServerError') || hasName(value, 'GenerationFailedError');
/** @returns Whether `value` is a {@link GenerationFailedError}. @param value Anything caught. */
export const isGenerationFailedError = (value: unknown): value is GenerationFailedError =>
  hasName(value, 'GenerationFailedError');
/** @returns Whether `value` is a {@link ConnectionError}. @param value Anything caught. */
export const isConnectionError = (value: unknown): value is ConnectionError =>
  hasName(value, 'ConnectionError');
/** @returns Whether `value` is a keygate {@link TimeoutError}. @param value Anything caught. */
export const isTimeoutError = (value: unknown): value is TimeoutError => hasName(value, 'TimeoutError');
/** @returns Whether `value` is a keygate {@link AbortError}. @param value Anything caught. */
export const isAbortError = (value: unknown): value is AbortError => hasName(value, 'AbortError');
/** @returns Whether `value` is a {@link RedirectError}. @param value Anything caught. */
export const isRedirectError = (value: unknown): value is RedirectError => hasName(value, 'RedirectError');
/** @returns Whether `value` is a {@link ResponseValidationError}. @param value Anything caught. */
export const isResponseValidationError = (value: unknown): value is ResponseValidationError =>
  hasName(value, 'ResponseValidationError');
/** @returns Whether `value` is a {@link ResponseTooLargeError}. @param value Anything caught. */
export const isResponseTooLargeError = (value: unknown): value is ResponseTooLargeError =>
  hasName(value, 'ResponseTooLargeError');
/** @returns Whether `value` is a {@link WebhookVerificationError}. @param value Anything caught. */
export const isWebhookVerificationError = (value: unknown): value is WebhookVerificationError =>
  hasName(value, 'WebhookVerificationError');
