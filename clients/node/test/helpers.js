'use strict'
// Test fixtures: bundles on disk and a local SikkerKey stand-in that verifies every signature.
const crypto = require('node:crypto')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

function publicKeyFromRaw(base64) {
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(base64, 'base64')]), format: 'der', type: 'spki' })
}

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sikkerkey-node-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A machine as the server knows it: id and key pair. */
function newMachine() {
  return { machineId: crypto.randomUUID(), ...crypto.generateKeyPairSync('ed25519') }
}

/** Writes identity.json and private.pem (unless privateKeyPem is null) into dir. */
function writeBundle(dir, machine = newMachine(), { identity = {}, privateKeyPem } = {}) {
  const keyPath = path.join(dir, 'private.pem')
  const pem = privateKeyPem === undefined ? machine.privateKey.export({ type: 'pkcs8', format: 'pem' }) : privateKeyPem
  if (pem !== null) fs.writeFileSync(keyPath, pem)
  const content = {
    machineId: machine.machineId,
    machineName: 'docker-calm-otter-3fa1',
    vaultId: 'vault_test',
    apiUrl: 'https://sikkerkey.example.com',
    privateKeyPath: keyPath,
    ...identity,
  }
  const identityPath = path.join(dir, 'identity.json')
  fs.writeFileSync(identityPath, JSON.stringify(content))
  return { identityPath, keyPath, identity: content }
}

/**
 * A node:http server on 127.0.0.1 that checks each request the way the gateway does
 * (machine id, timestamp window, single-use 16-byte nonce, Ed25519 signature over the
 * received bytes) and answers from `respond(request)` → { status, body }.
 */
async function startServer(t, { machineId, publicKey }, respond) {
  const requests = []
  const seenNonces = new Set()
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', async () => {
      const body = Buffer.concat(chunks)
      const h = req.headers
      const signed = `${req.method}:${req.url}:${h['x-timestamp']}:${h['x-nonce']}:${crypto.createHash('sha256').update(body).digest('hex')}`
      const problem =
        h['x-machine-id'] !== machineId ? 'unknown machine'
        : Math.abs(Number(h['x-timestamp']) - Date.now() / 1000) > 300 ? 'stale timestamp'
        : Buffer.from(h['x-nonce'] ?? '', 'base64').length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(h['x-nonce']) ? 'bad nonce'
        : seenNonces.has(h['x-nonce']) ? 'replayed nonce'
        : !crypto.verify(null, Buffer.from(signed, 'utf8'), publicKey, Buffer.from(h['x-signature'] ?? '', 'base64')) ? 'bad signature'
        : null
      if (!problem) seenNonces.add(h['x-nonce'])
      const request = { method: req.method, path: req.url, headers: h, body, json: body.length ? JSON.parse(body) : undefined, at: Date.now(), problem }
      requests.push(request)
      const answer = problem ? { status: 401, body: { error: problem } } : await respond(request, requests.length)
      if (answer.destroy) return req.socket.destroy()
      if (answer.delayMs) await new Promise((done) => setTimeout(done, answer.delayMs))
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {})
      res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' }).end(text)
    })
  })
  await new Promise((done) => server.listen(0, '127.0.0.1', done))
  t.after(() => new Promise((done) => { server.closeAllConnections(); server.close(done) }))
  return { url: `http://127.0.0.1:${server.address().port}`, requests }
}

/** A bundle whose apiUrl (plus apiPath) points at a fresh verifying server. */
async function serveBundle(t, respond, { apiPath = '' } = {}) {
  const machine = newMachine()
  const server = await startServer(t, machine, respond)
  const bundle = writeBundle(tempDir(t), machine, { identity: { apiUrl: server.url + apiPath } })
  return { bundle, server }
}

module.exports = { publicKeyFromRaw, tempDir, newMachine, writeBundle, startServer, serveBundle }
