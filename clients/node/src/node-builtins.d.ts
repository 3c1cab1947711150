// The few Node 20 built-ins this package uses, declared here so that the only
// dev dependency is TypeScript itself (no @types/node). Internal only: nothing in
// the public .d.ts files refers to these types.

interface Buffer extends Uint8Array {
  toString(encoding?: 'utf8' | 'base64' | 'hex'): string
  subarray(start?: number, end?: number): Buffer
}
declare const Buffer: {
  from(text: string, encoding?: 'utf8' | 'base64' | 'hex'): Buffer
  from(bytes: ArrayBuffer | Uint8Array): Buffer
  concat(parts: Uint8Array[]): Buffer
  byteLength(text: string): number
}

declare const process: {
  env: Record<string, string | undefined>
  getuid?: () => number
}

declare const console: { error(message: string): void }

interface Timer { unref(): Timer }
declare function setTimeout(callback: () => void, ms: number): Timer
declare function setInterval(callback: () => void, ms: number): Timer
declare function clearInterval(timer: Timer): void

declare class URL {
  constructor(input: string, base?: string)
  readonly protocol: string
  readonly hostname: string
  readonly origin: string
  readonly href: string
}

declare class AbortSignal {
  static timeout(ms: number): AbortSignal
}

interface FetchResponse {
  readonly status: number
  text(): Promise<string>
}
declare function fetch(url: string, init: {
  method: string
  headers: Record<string, string>
  body?: Uint8Array
  redirect: 'manual'
  signal: AbortSignal
}): Promise<FetchResponse>

declare module 'node:crypto' {
  interface KeyObject {
    readonly type: 'secret' | 'public' | 'private'
    readonly asymmetricKeyType?: string
  }
  function createPrivateKey(key: { key: string; format: 'pem' }): KeyObject
  function sign(algorithm: null, data: Uint8Array, key: KeyObject): Buffer
  function createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(encoding: 'hex'): string } }
  function randomBytes(size: number): Buffer
  interface KeyObject { export(options: { format: 'der'; type: 'pkcs8' }): Buffer }
  function hkdfSync(digest: 'sha256', ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): ArrayBuffer
  interface Gcm { update(data: Uint8Array): Buffer; final(): Buffer; setAAD(aad: Uint8Array): Gcm }
  function createCipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): Gcm & { getAuthTag(): Buffer }
  function createDecipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): Gcm & { setAuthTag(tag: Uint8Array): void }
}

declare module 'node:fs' {
  interface Stats { isDirectory(): boolean; isFile(): boolean }
  function readFileSync(path: string, encoding: 'utf8'): string
  function existsSync(path: string): boolean
  function statSync(path: string): Stats
  function readdirSync(path: string): string[]
  function readFileSync(path: string): Buffer
  function writeFileSync(path: string, data: Uint8Array | string, options?: { mode?: number; flag?: string }): void
  function mkdirSync(path: string, options?: { recursive?: boolean; mode?: number }): void
  function renameSync(from: string, to: string): void
  function rmSync(path: string, options?: { force?: boolean; recursive?: boolean }): void
}

declare module 'node:path' {
  function join(...parts: string[]): string
  function dirname(path: string): string
  function resolve(...parts: string[]): string
  function basename(path: string): string
}

declare module 'node:os' {
  function homedir(): string
}
