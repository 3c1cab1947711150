import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto'

/** The v1 signed string: `{METHOD}:{path}:{timestamp}:{nonce}:{sha256hex(body)}`. */
export function signedString(method: string, path: string, timestamp: string, nonce: string, body: Uint8Array): string {
  const bodyHash = createHash('sha256').update(body).digest('hex')
  return `${method.toUpperCase()}:${path}:${timestamp}:${nonce}:${bodyHash}`
}

/** Standard base64 of the pure Ed25519 signature of the UTF-8 signed string. */
export function signature(privateKey: KeyObject, signed: string): string {
  return sign(null, Buffer.from(signed, 'utf8'), privateKey).toString('base64')
}

/** The four auth headers for one attempt, with a fresh timestamp and nonce. */
export function authHeaders(machineId: string, privateKey: KeyObject, method: string, path: string, body: Uint8Array): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000).toString()
  const nonce = randomBytes(16).toString('base64')
  return {
    'X-Machine-Id': machineId,
    'X-Timestamp': timestamp,
    'X-Nonce': nonce,
    'X-Signature': signature(privateKey, signedString(method, path, timestamp, nonce, body)),
  }
}
