// Type-checked, never run: the seed's and the official SDK's usage compile against the
// published declarations alone (no @types/node), by the package's own name.
import {
  SikkerKey, ApiError, AccessDeniedError, AuthenticationError, ConfigurationError, FieldNotFoundError,
  NotFoundError, RateLimitedError, SecretStructureError, ServerSealedError, SikkerKeyError,
  type SecretListItem, type WatchEvent,
} from '@sikkerkey/sdk'

export async function seedStyle(): Promise<string> {
  const sk = new SikkerKey()
  const dbUrl: string = await sk.getSecret('sk_database_url')
  return dbUrl
}

export async function officialStyle(): Promise<void> {
  const sk = await SikkerKey.create('vault_abc123', { retryBaseDelayMs: 10, timeoutMs: 1000 })
  const fields: Record<string, string> = await sk.getFields('sk_db_prod')
  const password: string = await sk.getField('sk_db_prod', 'password')
  const all: SecretListItem[] = await sk.listSecrets()
  const fieldNames: string | null = all[0].fieldNames
  const inProject: SecretListItem[] = await sk.listSecretsByProject('proj_production')
  const env: Record<string, string> = await sk.export()
  const scoped: Record<string, string> = await sk.export('proj_production')
  sk.watch('sk_db_credentials', (event: WatchEvent) => {
    if (event.status === 'changed') console.log(event.secretId, event.fields?.password, event.value)
  })
  sk.setPollInterval(30)
  sk.unwatch('sk_db_credentials')
  sk.close()
  const ids: string[] = SikkerKey.listVaults()
  const who: string[] = [sk.machineId, sk.machineName, sk.vaultId, sk.apiUrl]
  void [fields, password, fieldNames, inProject, env, scoped, ids, who]
}

export function handle(error: unknown): number {
  if (error instanceof ApiError) return error.httpStatus
  const known = [AccessDeniedError, AuthenticationError, ConfigurationError, FieldNotFoundError, NotFoundError,
    RateLimitedError, SecretStructureError, ServerSealedError]
  return known.some((type) => error instanceof type) || error instanceof SikkerKeyError ? -1 : 0
}

declare const console: { log(...values: unknown[]): void }
