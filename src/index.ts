// The public surface of "keygate". Named exports only; types apart.

export { AbortError } from './errors/abort-error.js';
export type { AllKeysUnavailableErrorOptions, PooledKeyStatus } from './errors/all-keys-unavailable-error.js';
export { AllKeysUnavailableError } from './errors/all-keys-unavailable-error.js';
export type { ApiErrorOptions } from './errors/api-error.js';
export { ApiError } from './errors/api-error.js';
export { AuthenticationError } from './errors/authentication-error.js';
export { BadRequestError } from './errors/bad-request-error.js';
export type { ApiErrorKind, ErrorDetails, ErrorResponse } from './errors/classify-status.js';
export { createApiError, kindForStatus, retryAfterMsFromHeaders } from './errors/classify-status.js';
export { ConfigurationError } from './errors/configuration-error.js';
export { ConnectionError } from './errors/connection-error.js';
export { GenerationFailedError } from './errors/generation-failed-error.js';
export {
  isAbortError,
  isAllKeysUnavailableError,
  isApiError,
  isAuthenticationError,
  isBadRequestError,
  isConfigurationError,
  isConnectionError,
  isGenerationFailedError,
  isInsufficientCreditsError,
  isKeygateError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isRedirectError,
  isResponseTooLargeError,
  isResponseValidationError,
  isServerError,
  isTimeoutError,
  isWebhookVerificationError,
} from './errors/guards.js';
export { InsufficientCreditsError } from './errors/insufficient-credits-error.js';
export type { KeygateErrorOptions } from './errors/keygate-error.js';
export { KeygateError } from './errors/keygate-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { PermissionDeniedError } from './errors/permission-denied-error.js';
export type { RateLimitErrorOptions, RateLimitReason } from './errors/rate-limit-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export type { RedirectErrorOptions } from './errors/redirect-error.js';
export { RedirectError } from './errors/redirect-error.js';
export { ResponseTooLargeError } from './errors/response-too-large-error.js';
export type { ResponseIssue, ResponseValidationErrorOptions } from './errors/response-validation-error.js';
export { ResponseValidationError } from './errors/response-validation-error.js';
export { ServerError } from './errors/server-error.js';
export type { TimeoutErrorOptions, TimeoutPhase } from './errors/timeout-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export type {
  WebhookVerificationErrorOptions,
  WebhookVerificationReason,
} from './errors/webhook-verification-error.js';
export { WebhookVerificationError } from './errors/webhook-verification-error.js';
export type { CachedKeyOptions, SecretFetch, SecretFetchRequest } from './keys/cached.js';
export { cachedKey } from './keys/cached.js';
export type {
  CheckKeySourceOptions,
  KeyCheckResult,
  KeyCheckStatus,
  KeyProbe,
  KeyProbeAnswer,
  KeyProbeOptions,
} from './keys/check-keys.js';
export { checkKeySource, probeClientOptions } from './keys/check-keys.js';
export type { FromEnvOptions } from './keys/env.js';
export { fromEnv } from './keys/env.js';
export type { KeyAge } from './keys/expiry.js';
export { keyAge } from './keys/expiry.js';
export type { FileKeyIssuer, FromFileOptions } from './keys/file.js';
export { fromFile } from './keys/file.js';
export { keyFingerprint } from './keys/fingerprint.js';
export { KeyResolver } from './keys/key-resolver.js';
export type {
  IssuedKey,
  KeyFunction,
  KeyInfo,
  KeyIssuer,
  KeyPlacement,
  KeyRequest,
  KeySource,
} from './keys/key-source.js';
export { isKeyIssuer } from './keys/key-source.js';
export { keyPool } from './keys/pool.js';
export type { KeyPool, KeyPoolEvent, KeyPoolOptions, KeyPoolPolicy } from './keys/pool-types.js';
export { issueFrom, maskKey, resolveKey, validateKey } from './keys/validate.js';
export { withKeyInfo } from './keys/with-key-info.js';
export type {
  ErrorView,
  Hooks,
  KeyExpiryView,
  Logger,
  LogLevel,
  ObservabilityOptions,
  RequestView,
  ResponseView,
  RetryView,
  TracerProviderLike,
} from './observability/options.js';
export type { PollOptions } from './polling.js';
export { pollUntil } from './polling.js';
export type { ProviderClientOptions, ProviderDefinition, ProviderRoute } from './provider-client.js';
export { createProviderTransport, ProviderClient, pathSegment } from './provider-client.js';
export type { BodyKeyStrategyOptions } from './strategies/body-key.js';
export { BodyKeyStrategy } from './strategies/body-key.js';
export type { HeaderKeyStrategyOptions } from './strategies/header-key.js';
export { HeaderKeyStrategy } from './strategies/header-key.js';
export { NoKeyStrategy } from './strategies/no-key.js';
export { placeAttemptKey } from './strategies/place-attempt-key.js';
export type { QueryKeyStrategyOptions } from './strategies/query-key.js';
export { QueryKeyStrategy } from './strategies/query-key.js';
export type { AuthRoute, RouteStrategyOptions } from './strategies/route.js';
export { RouteStrategy } from './strategies/route.js';
export type {
  AttemptOutcome,
  AttemptOutcomeListener,
  AuthRequest,
  AuthStrategy,
  KeyUse,
} from './strategies/strategy.js';
export type { ApiResponse, WithResponse } from './transport/api-promise.js';
export { ApiPromise } from './transport/api-promise.js';
export type { ClassifyResponse } from './transport/classify-response.js';
export { createTransport } from './transport/create-transport.js';
export { type JsonLinesOptions, readJsonLines } from './transport/json-lines.js';
export { REDACTED, redactText } from './transport/redact.js';
export type { ResponseStream } from './transport/response-stream.js';
export type {
  CallOptions,
  Dispatcher,
  HttpMethod,
  IdempotentCallOptions,
  StreamRequest,
  Transport,
  TransportOptions,
  TransportRequest,
} from './transport/transport-types.js';
export type { UploadProgress, UploadProgressListener } from './transport/upload-progress.js';
export type { ResponseSchema } from './transport/validate-response.js';
