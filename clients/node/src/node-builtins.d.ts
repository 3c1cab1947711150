// The few Node 20 built-ins this package uses, declared here so that the only
// dev dependency is TypeScript itself (no @types/node). Internal only: nothing in
// the public .d.ts files refers to these types.

interface Buffer extends Uint8Array {
  toString(encoding?: 'utf8' | 'base64' | 'hex'): string
}
declare const Buffer: {
  from(text: string, encoding?: 'utf8' | 'base64'): Buffer
  byteLength(text: string): number
}

declare const process: {
  env: Record<string, string | undefined>
  getuid?: () => number
}

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
}

declare module 'node:fs' {
  interface Stats { isDirectory(): boolean; isFile(): boolean }
  function readFileSync(path: string, encoding: 'utf8'): string
  function existsSync(path: string): boolean
  function statSync(path: string): Stats
  function readdirSync(path: string): string[]
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
