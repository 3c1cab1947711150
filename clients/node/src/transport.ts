import type { KeyObject } from 'node:crypto'
import { ApiError, errorForStatus } from './errors'
import { authHeaders } from './signing'

export interface TransportOptions {
  /** Waits before the three retries are 1×, 2× and 4× this many milliseconds. */
  retryBaseDelayMs: number
  /** Limit for one attempt, response body included, in milliseconds. */
  timeoutMs: number
}

const RETRIES = 3
const RETRYABLE = new Set([429, 503])

const sleep = (ms: number) => new Promise<void>((done) => { setTimeout(done, ms) })

// OpenSSL's verification failures as Node reports them: the certificate is refused, and stays refused on a retry.
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
])
const certificateRefusals = new WeakSet<ApiError>()

/** Signs and sends machine-plane requests; retries 429, 503 and network errors with a fresh nonce. */
export class SignedTransport {
  constructor(
    private readonly machineId: string,
    private readonly apiUrl: string,
    private readonly privateKey: KeyObject,
    private readonly options: TransportOptions,
  ) {}

  /** Sends `payload` as compact JSON (no payload: an empty body) and returns the parsed 200 response. */
  async request(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<unknown> {
    const body = payload === undefined ? new Uint8Array(0) : Buffer.from(JSON.stringify(payload), 'utf8')
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await sleep(this.options.retryBaseDelayMs * 2 ** (attempt - 1))
      try {
        return await this.attempt(method, path, body, payload !== undefined)
      } catch (e) {
        const retryable = e instanceof ApiError && !certificateRefusals.has(e) && (e.httpStatus === 0 || RETRYABLE.has(e.httpStatus))
        if (!retryable || attempt === RETRIES) throw e
      }
    }
  }

  private async attempt(method: string, path: string, body: Uint8Array, isJson: boolean): Promise<unknown> {
    // A path that starts with '/' replaces any path of apiUrl: /v1 is served at the host root.
    const url = new URL(path, this.apiUrl).href
    const headers = authHeaders(this.machineId, this.privateKey, method, path, body)
    if (isJson) headers['Content-Type'] = 'application/json'
    let status: number
    let text: string
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: method === 'GET' ? undefined : body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      status = response.status
      text = await response.text()
    } catch (e) {
      const origin = new URL(this.apiUrl).origin
      const code = (e as { cause?: { code?: string } }).cause?.code
      if (code && CERTIFICATE_ERRORS.has(code)) {
        const refused = new ApiError(`TLS error: cannot verify the certificate of SikkerKey at ${origin} (${code}: ` +
          `${(e as { cause: { message?: string } }).cause.message ?? ''}). If its certificate comes from a private CA, ` +
          'set NODE_EXTRA_CA_CERTS to that CA\'s PEM file.', 0)
        certificateRefusals.add(refused)
        throw refused
      }
      throw new ApiError(`Network error: cannot reach ${origin}: ${describe(e, this.options.timeoutMs)}`, 0)
    }
    if (status !== 200) throw errorForStatus(status, errorMessage(status, text))
    try {
      return JSON.parse(text)
    } catch {
      // The body may hold secret values: never quote it.
      throw new ApiError(`SikkerKey answered ${method} ${path} with a body that is not JSON`, status)
    }
  }
}

function describe(e: unknown, timeoutMs: number): string {
  const error = e as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`
  return error.cause?.code ?? error.cause?.message ?? error.message ?? String(e)
}

function errorMessage(status: number, text: string): string {
  // A 2xx/3xx body may hold secret values: never quote it.
  if (status < 400) return `Unexpected HTTP ${status} from SikkerKey (only 200 is success)`
  try {
    const parsed = JSON.parse(text) as { error?: unknown }
    if (typeof parsed?.error === 'string' && parsed.error) return parsed.error
  } catch { /* not the {"error": "..."} shape: fall through to the raw text */ }
  const raw = text.trim()
  return raw ? raw.slice(0, 300) : `HTTP ${status}`
}
