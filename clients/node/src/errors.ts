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
  readonly httpStatus: number

  constructor(message: string, httpStatus = 0) {
    super(message)
    this.httpStatus = httpStatus
  }
}

/** 401: signature rejected, machine unknown, disabled or revoked. */
export class AuthenticationError extends ApiError {
  constructor(message: string) { super(message, 401) }
}

/** 403: the machine holds no grant for this secret or project. */
export class AccessDeniedError extends ApiError {
  constructor(message: string) { super(message, 403) }
}

/** 404: no such secret or project. */
export class NotFoundError extends ApiError {
  constructor(message: string) { super(message, 404) }
}

/** 409: conflict. */
export class ConflictError extends ApiError {
  constructor(message: string) { super(message, 409) }
}

/** 429: rate limited, still so after every retry. */
export class RateLimitedError extends ApiError {
  constructor(message: string) { super(message, 429) }
}

/** 503: the server is unavailable, still so after every retry. */
export class ServerSealedError extends ApiError {
  constructor(message: string) { super(message, 503) }
}

const byStatus: Record<number, new (message: string) => ApiError> = {
  401: AuthenticationError,
  403: AccessDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitedError,
  503: ServerSealedError,
}

/** The typed error for a non-200 HTTP status. */
export function errorForStatus(status: number, message: string): ApiError {
  const ErrorType = byStatus[status]
  return ErrorType ? new ErrorType(message) : new ApiError(message, status)
}
