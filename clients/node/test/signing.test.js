'use strict'
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const { signedString, signature } = require('../dist/signing.js')
const { publicKeyFromRaw } = require('./helpers.js')

// Reads signing.json in this branch's field names, and also in those of the signing branch's
// file (publicKey, body — null when the bytes are not UTF-8 — and a numeric timestamp).
const normalise = (v) => ({ ...v, publicKeyBase64: v.publicKeyBase64 ?? v.publicKey, bodyUtf8: v.bodyUtf8 ?? v.body ?? null, timestamp: String(v.timestamp) })
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../vectors/signing.json'), 'utf8')).vectors.map(normalise)

test('the shared vectors cover the cases every client must agree on', () => {
  assert.ok(vectors.length >= 6)
  const routes = vectors.map((v) => `${v.method.toUpperCase()} ${v.path}`)
  for (const route of ['GET /v1/secret/', 'POST /v1/secrets/list', 'POST /v1/secrets/export', 'POST /v1/secrets/poll']) {
    assert.ok(routes.some((r) => r.startsWith(route)), route)
  }
})

for (const v of vectors) {
  test(`vector ${v.name}: body hash, signed string and signature`, () => {
    const body = Buffer.from(v.bodyBase64, 'base64')
    if (v.bodyUtf8 !== null) assert.equal(body.toString('utf8'), v.bodyUtf8)
    assert.equal(crypto.createHash('sha256').update(body).digest('hex'), v.bodySha256)

    const signed = signedString(v.method, v.path, v.timestamp, v.nonce, body)
    assert.equal(signed, v.signedString)

    const key = crypto.createPrivateKey({ key: v.privateKeyPem, format: 'pem' })
    assert.equal(signature(key, signed), v.signature)
    assert.ok(crypto.verify(null, Buffer.from(signed, 'utf8'), publicKeyFromRaw(v.publicKeyBase64), Buffer.from(v.signature, 'base64')))
  })
}

test('the Node-style vector bodies are exactly what JSON.stringify sends', () => {
  const nodeBodies = vectors.filter((v) => v.path === '/v1/secrets/list' && v.bodyUtf8 && !v.bodyUtf8.includes(': '))
  assert.ok(nodeBodies.length >= 1)
  for (const v of nodeBodies) assert.equal(JSON.stringify(JSON.parse(v.bodyUtf8)), v.bodyUtf8)
})
