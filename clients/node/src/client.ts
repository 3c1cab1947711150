import { cacheFolder, cacheRequested, isUnreachable, SecretCache, seedOf } from './cache'
import { ApiError, FieldNotFoundError } from './errors'
import { requireFields, toEnvMap, type ExportedSecret } from './fields'
import type { KeyObject } from 'node:crypto'
import { listVaults, loadIdentity, locateIdentity, type Identity } from './identity'
import { SignedTransport } from './transport'
import { Watcher, type WatchCallback } from './watch'

/** Secret metadata from listSecrets / listSecretsByProject (never a value). */
export interface SecretListItem {
  id: string
  name: string
  /** For a structured secret, a JSON array of field names serialised into a string; null for a plain one. */
  fieldNames: string | null
  projectId: string | null
}

export interface SikkerKeyOptions {
  /** Base of the retry backoff in milliseconds: the three retries wait 1×, 2× and 4× this. Default 1000. */
  retryBaseDelayMs?: number
  /** Limit for one attempt in milliseconds. Default 15000. */
  timeoutMs?: number
  /** Watch poll interval in milliseconds, not clamped (setPollInterval clamps to ≥ 10 s). Default 15000. */
  pollIntervalMs?: number
  /**
   * The encrypted offline cache (the official .skc format): values read are also sealed to disk and
   * served from there only when SikkerKey cannot be reached (network error, 502, 503, 504), never
   * after a 401, 403 or 404. Default: on only when SIKKERKEY_CACHE=1. Off, nothing touches the disk.
   */
  cache?: boolean
  /** The cache's folder; default $SIKKERKEY_CACHE_DIR/<vaultId>, else $SIKKERKEY_HOME/vaults/<vaultId>/cache. */
  cacheDir?: string
}

/**
 * A SikkerKey client bound to one machine identity. Every request is signed with the
 * machine's Ed25519 key; values are held in memory only, never logged, and written to disk
 * only when the opt-in offline cache is on (`cache: true` or SIKKERKEY_CACHE=1).
 */
export class SikkerKey {
  private readonly identity: Identity
  private readonly transport: SignedTransport
  private readonly watcher: Watcher
  private readonly privateKey: KeyObject
  private readonly cacheDir?: string
  private cache: SecretCache | null = null

  /**
   * Loads the identity now, so a missing or broken bundle throws ConfigurationError here.
   * @param vaultOrPath path of identity.json, or a vault id; default $SIKKERKEY_IDENTITY,
   *   then the single vault under $SIKKERKEY_HOME/vaults (default ~/.sikkerkey/vaults).
   */
  constructor(vaultOrPath?: string, options: SikkerKeyOptions = {}) {
    const { identity, privateKey } = loadIdentity(locateIdentity(vaultOrPath))
    this.identity = identity
    this.privateKey = privateKey
    this.cacheDir = options.cacheDir
    this.transport = new SignedTransport(identity.machineId, identity.apiUrl, privateKey, {
      retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
      timeoutMs: options.timeoutMs ?? 15_000,
    })
    this.watcher = new Watcher({
      poll: async (ids) => ((await this.post('/v1/secrets/poll', { watch: ids })) as { changes: Record<string, { status: string }> }).changes,
      read: (id) => this.getSecret(id),
    }, options.pollIntervalMs ?? 15_000)
    if (options.cache ?? cacheRequested()) this.enableCache()
  }

  /** Turns the offline cache on for this client, as the official SDK's enableCache does. */
  enableCache(): void {
    this.cache ??= new SecretCache(cacheFolder(this.identity.vaultId, this.cacheDir), this.identity.vaultId, this.identity.machineId, seedOf(this.privateKey))
  }

  /** Same as `new SikkerKey(vaultOrPath, options)`; works with or without `await`. */
  static create(vaultOrPath?: string, options?: SikkerKeyOptions): SikkerKey {
    return new SikkerKey(vaultOrPath, options)
  }

  /** Vault ids registered under $SIKKERKEY_HOME/vaults. */
  static listVaults(): string[] {
    return listVaults()
  }

  get machineId(): string { return this.identity.machineId }
  get machineName(): string { return this.identity.machineName }
  get vaultId(): string { return this.identity.vaultId }
  get apiUrl(): string { return this.identity.apiUrl }

  /** The value of a secret; a structured secret's value is its JSON text. */
  async getSecret(secretId: string): Promise<string> {
    let body: { value: string }
    try {
      body = (await this.transport.request('GET', `/v1/secret/${encodeURIComponent(secretId)}`)) as { value: string }
    } catch (e) {
      const cached = this.cache && e instanceof ApiError && isUnreachable(e.httpStatus) ? this.cache.load(secretId) : null
      if (cached) return cached.value
      throw e
    }
    // A read by id knows no name; keep the one an export cached, which an offline export needs.
    const known = this.cache?.load(secretId)
    this.cache?.store(secretId, known?.name ?? null, body.value, known?.fieldNames ?? null)
    return body.value
  }

  /** The fields of a structured secret. Throws SecretStructureError for a plain one. */
  async getFields(secretId: string): Promise<Record<string, string>> {
    return requireFields(secretId, await this.getSecret(secretId))
  }

  /** One field of a structured secret. Throws FieldNotFoundError (listing the fields) when absent. */
  async getField(secretId: string, field: string): Promise<string> {
    const fields = await this.getFields(secretId)
    if (!Object.prototype.hasOwnProperty.call(fields, field)) {
      throw new FieldNotFoundError(`Field '${field}' not found in secret ${secretId}. Available: ${Object.keys(fields).join(', ')}`)
    }
    return fields[field]
  }

  /** Every secret granted to this machine. */
  async listSecrets(): Promise<SecretListItem[]> {
    return ((await this.transport.request('GET', '/v1/secrets')) as { secrets: SecretListItem[] }).secrets
  }

  /** The secrets granted to this machine in one project. */
  async listSecretsByProject(projectId: string): Promise<SecretListItem[]> {
    return ((await this.post('/v1/secrets/list', { projectId })) as { secrets: SecretListItem[] }).secrets
  }

  /** Granted secrets as env vars (one round trip): NAME, or NAME_FIELD per field of a structured secret. */
  async export(projectId?: string): Promise<Record<string, string>> {
    let secrets: ExportedSecret[]
    try {
      secrets = ((await this.post('/v1/secrets/export', projectId ? { projectId } : undefined)) as { secrets: ExportedSecret[] }).secrets
    } catch (e) {
      const cached = this.cache && e instanceof ApiError && isUnreachable(e.httpStatus)
        ? this.cache.loadAll().filter((s) => s.name) : []
      if (cached.length === 0) throw e
      return toEnvMap(cached.map((s) => ({ id: s.secretId, name: s.name as string, value: s.value, fieldNames: s.fieldNames })))
    }
    for (const s of secrets) this.cache?.store(s.id, s.name, s.value, s.fieldNames)
    return toEnvMap(secrets)
  }

  /**
   * Calls `callback` when the secret changes (with the new value), is deleted or access is
   * removed (both end the watch). Polls on an unreferenced timer, every 15 s by default.
   */
  watch(secretId: string, callback: WatchCallback): void {
    this.watcher.watch(secretId, callback)
  }

  /** Stops watching one secret; polling stops when nothing is watched. */
  unwatch(secretId: string): void {
    this.watcher.unwatch(secretId)
  }

  /** Poll interval in seconds, at least 10. */
  setPollInterval(seconds: number): void {
    this.watcher.setInterval(Math.max(10, seconds) * 1000)
  }

  /** Stops polling and forgets every watch; the client can still read. */
  close(): void {
    this.watcher.close()
  }

  private post(path: string, payload: unknown): Promise<unknown> {
    return this.transport.request('POST', path, payload)
  }
}
