// The opt-in offline cache in the official SikkerKey CLI's .skc format, byte for byte, so a file
// written by any SikkerKey client opens in every other:
//   key   = HKDF-SHA256(ikm = Ed25519 seed, salt = vaultId, info = "sikkerkey-cache-v1") → 32 bytes
//   entry = AES-256-GCM(key, random 12-byte nonce, {name,value,fieldNames} JSON,
//           aad = "sikkerkey-cache-v1\0{vaultId}\0{machineId}\0{secretId}\0{cachedAt}")
// One file per secret, written atomically. Anything that does not open cleanly is a miss, never a wrong value.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

const INFO = 'sikkerkey-cache-v1'
const EXT = '.skc'
const SAFE_ID = /^[A-Za-z0-9_-]+$/

export interface CachedSecret {
  secretId: string
  /** Present when an export cached it; null for a secret read by id. */
  name: string | null
  value: string
  /** The wire's fieldNames string: non-null for a structured secret. */
  fieldNames: string | null
  cachedAt: number
}

/** True when SIKKERKEY_CACHE asks for the cache (1, true, yes, on). */
export function cacheRequested(): boolean {
  return ['1', 'true', 'yes', 'on'].includes((process.env.SIKKERKEY_CACHE ?? '').trim().toLowerCase())
}

/** The option's folder; else $SIKKERKEY_CACHE_DIR/<vaultId>; else $SIKKERKEY_HOME/vaults/<vaultId>/cache, as the official CLI. */
export function cacheFolder(vaultId: string, option?: string): string {
  if (option) return resolve(option)
  if (process.env.SIKKERKEY_CACHE_DIR) return resolve(process.env.SIKKERKEY_CACHE_DIR, vaultId)
  return resolve(process.env.SIKKERKEY_HOME || join(homedir(), '.sikkerkey'), 'vaults', vaultId, 'cache')
}

/** The Ed25519 seed: the last 32 bytes of the PKCS#8 DER. */
export function seedOf(privateKey: KeyObject): Buffer {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' })
  return der.subarray(der.length - 32)
}

export class SecretCache {
  private readonly key: Buffer
  private warned = false

  constructor(readonly folder: string, private readonly vaultId: string, private readonly machineId: string,
    seed: Uint8Array, private readonly warn: (message: string) => void = (m) => console.error(`sikkerkey: ${m}`)) {
    this.key = Buffer.from(hkdfSync('sha256', seed, Buffer.from(vaultId), Buffer.from(INFO), 32))
  }

  /** Seals a secret into the cache; a folder that cannot be written is reported once, and reading goes on. */
  store(secretId: string, name: string | null, value: string, fieldNames: string | null): void {
    if (!SAFE_ID.test(secretId)) return
    const cachedAt = Math.floor(Date.now() / 1000)
    const payload: Record<string, string> = {}
    if (name) payload.name = name
    payload.value = value
    if (fieldNames !== null && fieldNames !== undefined) payload.fieldNames = fieldNames
    const nonce = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce)
    cipher.setAAD(this.aad(secretId, cachedAt))
    const sealed = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(payload))), cipher.final(), cipher.getAuthTag()])
    const file = `{"v":1,"nonce":"${nonce.toString('base64')}","ct":"${sealed.toString('base64')}","cachedAt":${cachedAt}}`
    const temporary = join(this.folder, `.skc-${randomBytes(8).toString('hex')}`)
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 })
      writeFileSync(temporary, file, { mode: 0o600, flag: 'wx' })
      renameSync(temporary, join(this.folder, secretId + EXT))
    } catch (e) {
      try { rmSync(temporary, { force: true }) } catch { /* the folder itself is unusable */ }
      if (!this.warned) {
        this.warned = true
        this.warn(`offline cache off: cannot write ${this.folder} (${(e as Error).message}); set SIKKERKEY_CACHE_DIR to a writable folder`)
      }
    }
  }

  /** The entry, or null on a miss: no file, an unknown format, or one that does not open (tampered, moved, another key). */
  load(secretId: string): CachedSecret | null {
    if (!SAFE_ID.test(secretId)) return null
    try {
      const envelope = JSON.parse(readFileSync(join(this.folder, secretId + EXT), 'utf8'))
      if (envelope.v !== 1 || typeof envelope.cachedAt !== 'number') return null
      const nonce = Buffer.from(envelope.nonce, 'base64')
      const sealed = Buffer.from(envelope.ct, 'base64')
      if (nonce.length !== 12 || sealed.length < 16) return null
      const decipher = createDecipheriv('aes-256-gcm', this.key, nonce)
      decipher.setAAD(this.aad(secretId, envelope.cachedAt))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()])
      const payload = JSON.parse(plain.toString('utf8'))
      if (typeof payload.value !== 'string') return null
      return { secretId, name: payload.name || null, value: payload.value, fieldNames: payload.fieldNames ?? null, cachedAt: envelope.cachedAt }
    } catch {
      return null
    }
  }

  /** Every entry that opens; the others are skipped. */
  loadAll(): CachedSecret[] {
    if (!existsSync(this.folder)) return []
    return readdirSync(this.folder)
      .filter((f) => f.endsWith(EXT))
      .sort()
      .map((f) => this.load(f.slice(0, -EXT.length)))
      .filter((s): s is CachedSecret => s !== null)
  }

  private aad(secretId: string, cachedAt: number): Buffer {
    return Buffer.from(`${INFO}\0${this.vaultId}\0${this.machineId}\0${secretId}\0${cachedAt}`)
  }
}

/** Unreachable: a network error (httpStatus 0) or a proxy's 502, 503, 504; never SikkerKey's own 401, 403, 404. */
export function isUnreachable(httpStatus: number | undefined): boolean {
  return httpStatus === 0 || httpStatus === 502 || httpStatus === 503 || httpStatus === 504
}
