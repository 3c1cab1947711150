import { createPrivateKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { ConfigurationError } from './errors'

/** The keys of a bundle's identity.json that the SDK reads. */
export interface Identity {
  machineId: string
  machineName: string
  vaultId: string
  apiUrl: string
  privateKeyPath: string
}

export interface LoadedIdentity {
  identity: Identity
  identityPath: string
  privateKey: KeyObject
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const FIX = 'Extract identity.json and private.pem from the .sikkerkey bundle, unchanged, and point SIKKERKEY_IDENTITY at identity.json.'

function vaultsDir(): string {
  return join(process.env.SIKKERKEY_HOME || join(homedir(), '.sikkerkey'), 'vaults')
}

function looksLikePath(vaultOrPath: string): boolean {
  return /[\\/]/.test(vaultOrPath) || vaultOrPath.endsWith('.json')
}

/** Vault ids under $SIKKERKEY_HOME/vaults that hold an identity.json, sorted. */
export function listVaults(): string[] {
  const dir = vaultsDir()
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'identity.json')))
    .sort()
}

/**
 * Where the identity lives, first hit wins: an explicit path or vault id,
 * $SIKKERKEY_IDENTITY, then the single vault under $SIKKERKEY_HOME/vaults.
 */
export function locateIdentity(vaultOrPath?: string): string {
  if (vaultOrPath && looksLikePath(vaultOrPath)) return resolve(vaultOrPath)
  if (vaultOrPath) {
    const vaultId = vaultOrPath.startsWith('vault_') ? vaultOrPath : `vault_${vaultOrPath}`
    const file = join(vaultsDir(), vaultId, 'identity.json')
    if (existsSync(file)) return file
    throw new ConfigurationError(
      `No identity for vault '${vaultId}': ${file} does not exist. Check the vault id, set SIKKERKEY_HOME, or pass the path of identity.json.`)
  }
  const fromEnv = process.env.SIKKERKEY_IDENTITY
  if (fromEnv) return resolve(fromEnv)
  const vaults = listVaults()
  if (vaults.length === 1) return join(vaultsDir(), vaults[0], 'identity.json')
  if (vaults.length > 1) {
    throw new ConfigurationError(
      `Several vaults are registered under ${vaultsDir()} (${vaults.join(', ')}). Pass the vault id to use, e.g. new SikkerKey('${vaults[0]}').`)
  }
  throw new ConfigurationError(
    `No SikkerKey identity found: SIKKERKEY_IDENTITY is not set and ${vaultsDir()} holds no vault. ` +
    'Set SIKKERKEY_IDENTITY to the mounted bundle, e.g. SIKKERKEY_IDENTITY=/etc/sikkerkey/identity.json.')
}

function readText(file: string, what: string, fix: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as { code?: string }).code
    const reason = code === 'ENOENT' ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM' ? `is not readable by this process (uid ${process.getuid?.() ?? '?'}); check its owner and mode`
      : code === 'EISDIR' ? 'is a directory, not a file'
      : `cannot be read (${(e as Error).message})`
    throw new ConfigurationError(`${what} ${file} ${reason}. ${fix}`)
  }
}

function parseIdentity(file: string, text: string): Identity {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ConfigurationError(`Identity file ${file} is not valid JSON (${(e as Error).message}). ${FIX}`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigurationError(`Identity file ${file} must hold a JSON object. ${FIX}`)
  }
  const fields = raw as Record<string, unknown>
  const field = (key: keyof Identity, required: boolean): string => {
    const value = fields[key]
    if (typeof value === 'string' && value !== '') return value
    if (!required && (value === undefined || value === null || value === '')) return ''
    throw new ConfigurationError(`Identity file ${file} has no valid "${key}" (a non-empty string). ${FIX}`)
  }
  return {
    machineId: field('machineId', true),
    machineName: field('machineName', false),
    vaultId: field('vaultId', false),
    apiUrl: field('apiUrl', true),
    privateKeyPath: field('privateKeyPath', false),
  }
}

function checkApiUrl(file: string, apiUrl: string): void {
  let url: URL
  try {
    url = new URL(apiUrl)
  } catch {
    throw new ConfigurationError(`Identity file ${file} has an apiUrl that is not a URL: ${apiUrl}. ${FIX}`)
  }
  if (url.protocol === 'https:') return
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return
  throw new ConfigurationError(
    `Identity file ${file} has apiUrl ${apiUrl}: SikkerKey requires https:// (http:// only for localhost, 127.0.0.1 or [::1]). ` +
    'Set SIKKERKEY_PUBLIC_URL on the server to its https:// address and provision the container again.')
}

/** privateKeyPath as written (relative to identity.json's folder), else private.pem beside identity.json. */
function locatePrivateKey(file: string, identity: Identity): string {
  const beside = join(dirname(file), 'private.pem')
  const declared = identity.privateKeyPath ? resolve(dirname(file), identity.privateKeyPath) : ''
  if (declared && existsSync(declared)) return declared
  if (existsSync(beside)) return beside
  const looked = declared ? `${declared} (privateKeyPath in ${file}) nor ${beside}` : beside
  throw new ConfigurationError(`Private key not found: neither ${looked} exists. Put the bundle's private.pem beside ${basename(file)}.`)
}

function parsePrivateKey(keyFile: string, pem: string): KeyObject {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1]
  const fix = "Use the bundle's private.pem unchanged (an unencrypted PKCS#8 Ed25519 key, '-----BEGIN PRIVATE KEY-----')."
  if (label !== 'PRIVATE KEY') {
    const found = label ? `a '${label}' PEM block` : 'no PEM block'
    throw new ConfigurationError(`Private key ${keyFile} is not a PKCS#8 key: it holds ${found}. ${fix}`)
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pem, format: 'pem' })
  } catch (e) {
    throw new ConfigurationError(`Private key ${keyFile} cannot be parsed (${(e as Error).message}). ${fix}`)
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigurationError(`Private key ${keyFile} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519. ${fix}`)
  }
  return key
}

/** Reads and validates identity.json and its private key; every failure is a ConfigurationError. */
export function loadIdentity(file: string): LoadedIdentity {
  const identity = parseIdentity(file, readText(file, 'Identity file', FIX))
  checkApiUrl(file, identity.apiUrl)
  const keyFile = locatePrivateKey(file, identity)
  const pem = readText(keyFile, 'Private key', `Make the bundle's private.pem readable beside ${basename(file)}.`)
  return { identity, identityPath: file, privateKey: parsePrivateKey(keyFile, pem) }
}
