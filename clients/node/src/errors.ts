/** Base class of every error this SDK throws. */
export class SikkerKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** The machine identity could not be found or loaded; the message names the file and the fix. */
export class ConfigurationError extends SikkerKeyError {}

/** The secret's value is not a JSON object of fields (getFields / getField). */
export class SecretStructureError extends SikkerKeyError {}

/** The structured secret has no such field; the message lists the fields it has. */
export class FieldNotFoundError extends SikkerKeyError {}

/**
 * The server answered with something other than 200, or could not be reached
 * (httpStatus 0). The message is the server's `{"error": "..."}` text.
 */
export class ApiError extends SikkerKeyError {
  /** The status a subclass stands for. */
  static readonly status: number = 0
  readonly httpStatus: number

  constructor(message: string, httpStatus?: number) {
    super(message)
    this.httpStatus = httpStatus ?? (new.target as typeof ApiError).status
  }
}

/** 401: signature rejected, machine unknown, disabled or revoked. */
export class AuthenticationError extends ApiError { static override readonly status = 401 }

/** 403: the machine holds no grant for this secret or project. */
export class AccessDeniedError extends ApiError { static override readonly status = 403 }

/** 404: no such secret or project. */
export class NotFoundError extends ApiError { static override readonly status = 404 }

/** 409: conflict. */
export class ConflictError extends ApiError { static override readonly status = 409 }

/** 429: rate limited, still so after every retry. */
export class RateLimitedError extends ApiError { static override readonly status = 429 }

/** 503: the server is unavailable, still so after every retry. */
export class ServerSealedError extends ApiError { static override readonly status = 503 }

const byStatus = new Map<number, typeof ApiError>(
  [AuthenticationError, AccessDeniedError, NotFoundError, ConflictError, RateLimitedError, ServerSealedError]
    .map((type) => [type.status, type]))

/** The typed error for a non-200 HTTP status. */
export function errorForStatus(status: number, message: string): ApiError {
  const ErrorType = byStatus.get(status) ?? ApiError
  return new ErrorType(message, status)
}
