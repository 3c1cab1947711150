'use strict'
// The offline cache: the official CLI's .skc files (clients/vectors/cache.json) open here, misses stay misses,
// and the client answers from the cache only when SikkerKey cannot be reached.
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const { SikkerKey, ApiError, NotFoundError, AuthenticationError } = require('../dist/index.js')
const { SecretCache } = require('../dist/cache.js')
const { serveBundle, tempDir, writeBundle } = require('./helpers.js')

const V = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'vectors', 'cache.json'), 'utf8'))
const seed = Buffer.from(V.seedHex, 'hex')
const cacheOf = (folder, { vaultId = V.vaultId, machineId = V.machineId, key = seed } = {}) => new SecretCache(folder, vaultId, machineId, key, () => {})
const writeGolden = (folder) => {
  fs.mkdirSync(folder, { recursive: true })
  for (const e of V.entries) fs.writeFileSync(path.join(folder, `${e.secretId}.skc`), e.file)
}

test('the official CLI\'s files open to their secrets', (t) => {
  const folder = tempDir(t)
  writeGolden(folder)
  const cache = cacheOf(folder)
  for (const e of V.entries) {
    assert.deepEqual(cache.load(e.secretId), { secretId: e.secretId, name: e.name, value: e.value, fieldNames: e.fieldNames, cachedAt: e.cachedAt })
  }
  assert.deepEqual(cache.loadAll().map((s) => s.secretId), V.entries.map((e) => e.secretId).sort())
})

test('a flipped byte, a moved file, another machine\'s key, id or vault are misses', (t) => {
  const folder = tempDir(t)
  writeGolden(folder)
  const [plain, structured] = V.entries
  const flipped = Buffer.from(plain.file)
  const at = plain.file.indexOf('"ct":"') + 10
  flipped[at] = flipped[at] === 65 ? 66 : 65
  fs.writeFileSync(path.join(folder, 'sk_flipped001.skc'), flipped)
  fs.copyFileSync(path.join(folder, `${plain.secretId}.skc`), path.join(folder, 'sk_moved00001.skc'))
  assert.equal(cacheOf(folder).load('sk_moved00001'), null)
  const other = Buffer.from(seed)
  other[0] ^= 1
  for (const cache of [cacheOf(folder, { key: other }), cacheOf(folder, { machineId: crypto.randomUUID() }), cacheOf(folder, { vaultId: 'vault_other' })]) {
    assert.equal(cache.load(plain.secretId), null)
    assert.equal(cache.load(structured.secretId), null)
  }
  fs.writeFileSync(path.join(folder, `${plain.secretId}.skc`), flipped)
  assert.equal(cacheOf(folder).load(plain.secretId), null)
  assert.equal(cacheOf(folder).load('../escape'), null)
})

test('what it writes opens again, laid out as the official files, readable by this user only', (t) => {
  const folder = path.join(tempDir(t), 'cache')
  const cache = cacheOf(folder)
  cache.store('sk_stripe0001', 'stripe-keys', V.entries[1].value, V.entries[1].fieldNames)
  const file = fs.readFileSync(path.join(folder, 'sk_stripe0001.skc'), 'utf8')
  assert.match(file, /^\{"v":1,"nonce":"[A-Za-z0-9+/]{16}","ct":"[A-Za-z0-9+/=]+","cachedAt":\d+\}$/)
  assert.equal(fs.statSync(path.join(folder, 'sk_stripe0001.skc')).mode & 0o777, 0o600)
  assert.equal(cache.load('sk_stripe0001').value, V.entries[1].value)
  assert.deepEqual(fs.readdirSync(folder), ['sk_stripe0001.skc'])
})

test('a folder that cannot be written is said once, and reading goes on', (t) => {
  const blocker = path.join(tempDir(t), 'file')
  fs.writeFileSync(blocker, '')
  const warnings = []
  const cache = new SecretCache(blocker, V.vaultId, V.machineId, seed, (m) => warnings.push(m))
  cache.store('sk_a', null, '1', null)
  cache.store('sk_b', null, '2', null)
  assert.equal(warnings.length, 1)
  assert.match(warnings[0], /cannot write/)
})

const VALUE = 'postgres://db'
async function cachedClient(t, answers) {
  let call = 0
  const { bundle } = await serveBundle(t, () => answers[Math.min(call++, answers.length - 1)])
  const cacheDir = path.join(tempDir(t), 'cache')
  return { sk: new SikkerKey(bundle.identityPath, { retryBaseDelayMs: 1, cache: true, cacheDir }), cacheDir }
}

for (const status of [502, 503, 504]) {
  test(`a ${status} is covered by the cache`, async (t) => {
    const { sk } = await cachedClient(t, [{ body: { value: VALUE } }, { status, body: { error: 'upstream down' } }])
    assert.equal(await sk.getSecret('sk_a1b2c3d4e5'), VALUE)
    assert.equal(await sk.getSecret('sk_a1b2c3d4e5'), VALUE)
  })
}

for (const [status, type] of [[401, AuthenticationError], [404, NotFoundError]]) {
  test(`SikkerKey's own ${status} is never covered by the cache`, async (t) => {
    const { sk } = await cachedClient(t, [{ body: { value: VALUE } }, { status, body: { error: 'refused' } }])
    await sk.getSecret('sk_a1b2c3d4e5')
    await assert.rejects(sk.getSecret('sk_a1b2c3d4e5'), type)
  })
}

test('a server that is gone: the golden files answer get and export', async (t) => {
  const dir = tempDir(t)
  const machine = { machineId: V.machineId, privateKey: crypto.createPrivateKey(V.privateKeyPem) }
  const bundle = writeBundle(dir, machine, { identity: { apiUrl: 'http://127.0.0.1:9', vaultId: V.vaultId } })
  const cacheDir = path.join(dir, 'cache')
  writeGolden(cacheDir)
  const sk = new SikkerKey(bundle.identityPath, { retryBaseDelayMs: 1, cache: true, cacheDir })
  assert.equal(await sk.getSecret('sk_dburl00001'), V.entries[0].value)
  assert.deepEqual(await sk.export(), { STRIPE_KEYS_PUBLISHABLE_KEY: 'pk_test_1', STRIPE_KEYS_SECRET_KEY: 'sk_live_<x>&y' })
  await assert.rejects(sk.getSecret('sk_notcached1'), ApiError)
})

test('off by default: nothing touches the disk; SIKKERKEY_CACHE=1 turns it on under SIKKERKEY_HOME', async (t) => {
  const home = tempDir(t)
  const saved = { home: process.env.SIKKERKEY_HOME, cache: process.env.SIKKERKEY_CACHE }
  t.after(() => {
    for (const [k, v] of [['SIKKERKEY_HOME', saved.home], ['SIKKERKEY_CACHE', saved.cache]]) { if (v === undefined) delete process.env[k]; else process.env[k] = v }
  })
  process.env.SIKKERKEY_HOME = home
  delete process.env.SIKKERKEY_CACHE
  const { bundle } = await serveBundle(t, () => ({ body: { value: VALUE } }))
  await new SikkerKey(bundle.identityPath).getSecret('sk_a1b2c3d4e5')
  assert.deepEqual(fs.readdirSync(home), [])
  process.env.SIKKERKEY_CACHE = '1'
  await new SikkerKey(bundle.identityPath).getSecret('sk_a1b2c3d4e5')
  assert.ok(fs.existsSync(path.join(home, 'vaults', 'vault_test', 'cache', 'sk_a1b2c3d4e5.skc')))
})
