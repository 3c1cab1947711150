export { SikkerKey } from './client'
export type { SecretListItem, SikkerKeyOptions } from './client'
export type { WatchCallback, WatchEvent, WatchStatus } from './watch'
export {
  AccessDeniedError,
  ApiError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  FieldNotFoundError,
  NotFoundError,
  RateLimitedError,
  SecretStructureError,
  ServerSealedError,
  SikkerKeyError,
} from './errors'
