'use strict'
const assert = require('node:assert/strict')
const http = require('node:http')
const { test } = require('node:test')
const sdk = require('../dist/index.js')
const { SikkerKey, ApiError, SikkerKeyError } = sdk
const { tempDir, writeBundle, serveBundle } = require('./helpers.js')

const BASE_MS = 40
const fast = { retryBaseDelayMs: BASE_MS }
const ok = (value = 'postgres://db') => ({ status: 200, body: { value } })

test('503 twice then 200: retried after 1×, 2× the base wait, each attempt freshly signed', async (t) => {
  const { bundle, server } = await serveBundle(t, (_req, n) => (n <= 2 ? { status: 503, body: { error: 'sealed' } } : ok()))
  const sk = new SikkerKey(bundle.identityPath, fast)
  assert.equal(await sk.getSecret('sk_database_url'), 'postgres://db')

  const attempts = server.requests
  assert.equal(attempts.length, 3)
  assert.deepEqual(attempts.map((r) => r.problem), [null, null, null], 'every attempt verified')
  assert.equal(new Set(attempts.map((r) => r.headers['x-nonce'])).size, 3, 'a fresh nonce per attempt')
  assert.ok(attempts[1].at - attempts[0].at >= BASE_MS, 'first retry waits the base')
  assert.ok(attempts[2].at - attempts[1].at >= 2 * BASE_MS, 'second retry waits twice the base')
})

test('429 on every attempt: four attempts, then RateLimitedError with the server message', async (t) => {
  const { bundle, server } = await serveBundle(t, () => ({ status: 429, body: { error: 'too many failed attempts' } }))
  await assert.rejects(new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), (e) =>
    e instanceof sdk.RateLimitedError && e.httpStatus === 429 && e.message === 'too many failed attempts')
  assert.equal(server.requests.length, 4)
  assert.ok(server.requests[3].at - server.requests[2].at >= 4 * BASE_MS, 'third retry waits four times the base')
})

test('a dropped connection is retried like a 503', async (t) => {
  const { bundle, server } = await serveBundle(t, (_req, n) => (n === 1 ? { destroy: true } : ok('v')))
  assert.equal(await new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), 'v')
  assert.equal(server.requests.length, 2)
})

test('an unreachable server: ApiError with httpStatus 0 after the retries', async (t) => {
  const closed = http.createServer()
  await new Promise((done) => closed.listen(0, '127.0.0.1', done))
  const port = closed.address().port
  await new Promise((done) => closed.close(done))
  const bundle = writeBundle(tempDir(t), undefined, { identity: { apiUrl: `http://127.0.0.1:${port}` } })
  const started = Date.now()
  await assert.rejects(new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), (e) =>
    e instanceof ApiError && e.httpStatus === 0 && /Network error: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/.test(e.message))
  assert.ok(Date.now() - started >= 7 * BASE_MS, 'all three waits were taken')
})

test('an attempt that outlasts timeoutMs is abandoned and retried', async (t) => {
  const { bundle, server } = await serveBundle(t, (_req, n) => (n === 1 ? { ...ok('late'), delayMs: 2000 } : ok('on time')))
  assert.equal(await new SikkerKey(bundle.identityPath, { ...fast, timeoutMs: 600 }).getSecret('sk_a'), 'on time')
  assert.equal(server.requests.length, 2)
})

test('every attempt timing out ends in ApiError saying so', async (t) => {
  const { bundle } = await serveBundle(t, () => ({ ...ok(), delayMs: 300 }))
  await assert.rejects(new SikkerKey(bundle.identityPath, { retryBaseDelayMs: 1, timeoutMs: 50 }).getSecret('sk_a'),
    (e) => e instanceof ApiError && e.httpStatus === 0 && e.message.includes('no answer within 0.05 s'))
})

const mapping = [
  [401, 'AuthenticationError'], [403, 'AccessDeniedError'], [404, 'NotFoundError'], [409, 'ConflictError'],
  [400, 'ApiError'], [410, 'ApiError'], [413, 'ApiError'], [500, 'ApiError'], [502, 'ApiError'],
]
for (const [status, name] of mapping) {
  test(`HTTP ${status} → ${name} with the server message, not retried`, async (t) => {
    const { bundle, server } = await serveBundle(t, () => ({ status, body: { error: `message for ${status}` } }))
    await assert.rejects(new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), (e) => {
      assert.ok(e instanceof sdk[name] && e instanceof ApiError && e instanceof SikkerKeyError)
      assert.equal(e.constructor.name, name)
      assert.equal(e.name, name)
      assert.equal(e.httpStatus, status)
      assert.equal(e.message, `message for ${status}`)
      return true
    })
    assert.equal(server.requests.length, 1)
  })
}

for (const status of [201, 204]) {
  test(`HTTP ${status} is an error (only 200 is success) and its body is never quoted`, async (t) => {
    const { bundle, server } = await serveBundle(t, () => ({ status, body: status === 204 ? '' : { value: 'hunter2' } }))
    await assert.rejects(new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), (e) =>
      e.constructor === ApiError && e.httpStatus === status && !e.message.includes('hunter2'))
    assert.equal(server.requests.length, 1)
  })
}

test('an error body that is not {"error"} is passed on as text', async (t) => {
  const { bundle } = await serveBundle(t, () => ({ status: 502, body: '<html>Bad Gateway</html>' }))
  await assert.rejects(new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), { message: '<html>Bad Gateway</html>', httpStatus: 502 })
})

test('a 200 whose body is not JSON is an ApiError that does not quote the body', async (t) => {
  const { bundle } = await serveBundle(t, () => ({ status: 200, body: 'hunter2' }))
  await assert.rejects(new SikkerKey(bundle.identityPath, fast).getSecret('sk_a'), (e) =>
    e instanceof ApiError && e.message.includes('not JSON') && !e.message.includes('hunter2'))
})
