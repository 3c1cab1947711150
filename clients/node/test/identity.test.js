'use strict'
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { test, beforeEach, afterEach } = require('node:test')
const { SikkerKey, ConfigurationError } = require('../dist/index.js')
const { tempDir, newMachine, writeBundle } = require('./helpers.js')

const saved = {}
beforeEach(() => {
  for (const name of ['SIKKERKEY_IDENTITY', 'SIKKERKEY_HOME']) { saved[name] = process.env[name]; delete process.env[name] }
})
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) { if (value === undefined) delete process.env[name]; else process.env[name] = value }
})

// The fixes the messages must name, besides the file.
const BUNDLE_FIX = 'point SIKKERKEY_IDENTITY at identity.json'
const KEY_FIX = "Use the bundle's private.pem unchanged"

/** Asserts a ConfigurationError whose message contains every fragment. */
function assertConfigError(create, ...fragments) {
  assert.throws(create, (e) => {
    assert.ok(e instanceof ConfigurationError, `expected ConfigurationError, got ${e}`)
    for (const fragment of fragments) assert.ok(e.message.includes(fragment), `"${e.message}" lacks "${fragment}"`)
    return true
  })
}

function vaultHome(t, ...vaultIds) {
  const home = tempDir(t)
  const bundles = vaultIds.map((id) => {
    const dir = path.join(home, 'vaults', id)
    fs.mkdirSync(dir, { recursive: true })
    return writeBundle(dir, newMachine(), { identity: { vaultId: id } })
  })
  process.env.SIKKERKEY_HOME = home
  return bundles
}

test('SIKKERKEY_IDENTITY finds the bundle, with new SikkerKey() and SikkerKey.create()', async (t) => {
  const bundle = writeBundle(tempDir(t))
  process.env.SIKKERKEY_IDENTITY = bundle.identityPath
  for (const sk of [new SikkerKey(), await SikkerKey.create()]) {
    assert.equal(sk.machineId, bundle.identity.machineId)
    assert.equal(sk.machineName, 'docker-calm-otter-3fa1')
    assert.equal(sk.vaultId, 'vault_test')
    assert.equal(sk.apiUrl, 'https://sikkerkey.example.com')
  }
})

test('an explicit path wins over SIKKERKEY_IDENTITY', (t) => {
  const wanted = writeBundle(tempDir(t))
  process.env.SIKKERKEY_IDENTITY = writeBundle(tempDir(t)).identityPath
  assert.equal(new SikkerKey(wanted.identityPath).machineId, wanted.identity.machineId)
})

test('a vault id is looked up under $SIKKERKEY_HOME/vaults, with or without the vault_ prefix', (t) => {
  const [, second] = vaultHome(t, 'vault_one', 'vault_two')
  assert.equal(new SikkerKey('vault_two').machineId, second.identity.machineId)
  assert.equal(new SikkerKey('two').machineId, second.identity.machineId)
  assert.deepEqual(SikkerKey.listVaults(), ['vault_one', 'vault_two'])
  assertConfigError(() => new SikkerKey('vault_three'), 'vault_three', path.join('vaults', 'vault_three', 'identity.json'))
})

test('with nothing else set, the single vault under $SIKKERKEY_HOME is used', (t) => {
  const [only] = vaultHome(t, 'vault_only')
  assert.equal(new SikkerKey().machineId, only.identity.machineId)
})

test('several vaults and no choice is an error that names them', (t) => {
  vaultHome(t, 'vault_a', 'vault_b')
  assertConfigError(() => new SikkerKey(), 'vault_a, vault_b', 'Pass the vault id')
})

test('no identity anywhere says how to point at the bundle', (t) => {
  process.env.SIKKERKEY_HOME = tempDir(t)
  assertConfigError(() => new SikkerKey(), 'No SikkerKey identity found', 'SIKKERKEY_IDENTITY=/etc/sikkerkey/identity.json')
})

test('a missing identity file is named', (t) => {
  const missing = path.join(tempDir(t), 'nowhere', 'identity.json')
  process.env.SIKKERKEY_IDENTITY = missing
  assertConfigError(() => new SikkerKey(), missing, 'does not exist', BUNDLE_FIX)
})

test('an identity path that is a directory is named', (t) => {
  const dir = tempDir(t)
  assertConfigError(() => new SikkerKey(dir + '/'), dir, 'is a directory', BUNDLE_FIX)
})

/** Loads the identity in a child process; as root, as user nobody, since root reads any file. */
function loadAsUnprivileged(identityPath) {
  const script = `try { new (require(${JSON.stringify(require.resolve('../dist/index.js'))}).SikkerKey)(${JSON.stringify(identityPath)}); console.log('loaded') }
    catch (e) { console.log(e.constructor.name + ': ' + e.message) }`
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', ...asNobody }).stdout
}

test('an unreadable identity file or private key is named', (t) => {
  const dir = tempDir(t)
  fs.chmodSync(dir, 0o755)
  const bundle = writeBundle(dir)
  fs.chmodSync(bundle.identityPath, 0o000)
  assert.match(loadAsUnprivileged(bundle.identityPath), new RegExp(`^ConfigurationError: Identity file ${bundle.identityPath} is not readable`))
  fs.chmodSync(bundle.identityPath, 0o644)
  fs.chmodSync(bundle.keyPath, 0o000)
  assert.match(loadAsUnprivileged(bundle.identityPath), new RegExp(`^ConfigurationError: Private key ${bundle.keyPath} is not readable`))
  fs.chmodSync(bundle.keyPath, 0o644)
  assert.equal(loadAsUnprivileged(bundle.identityPath).trim(), 'loaded')
})

test('malformed JSON is named with the parser message', (t) => {
  const bundle = writeBundle(tempDir(t))
  fs.writeFileSync(bundle.identityPath, '{"machineId": "x",')
  assertConfigError(() => new SikkerKey(bundle.identityPath), bundle.identityPath, 'not valid JSON', BUNDLE_FIX)
})

test('identity.json that is not an object, or lacks machineId or apiUrl, is rejected', (t) => {
  const dir = tempDir(t)
  const bundle = writeBundle(dir)
  fs.writeFileSync(bundle.identityPath, '[]')
  assertConfigError(() => new SikkerKey(bundle.identityPath), 'must hold a JSON object')
  for (const key of ['machineId', 'apiUrl']) {
    writeBundle(dir, newMachine(), { identity: { [key]: undefined } })
    assertConfigError(() => new SikkerKey(bundle.identityPath), `"${key}"`, bundle.identityPath)
  }
})

test('a privateKeyPath that does not exist falls back to private.pem beside identity.json', (t) => {
  const bundle = writeBundle(tempDir(t), newMachine(), { identity: { privateKeyPath: '/etc/sikkerkey/absent/private.pem' } })
  assert.equal(new SikkerKey(bundle.identityPath).machineId, bundle.identity.machineId)
})

test('no privateKeyPath at all also falls back to private.pem beside identity.json', (t) => {
  const bundle = writeBundle(tempDir(t), newMachine(), { identity: { privateKeyPath: undefined } })
  assert.equal(new SikkerKey(bundle.identityPath).machineId, bundle.identity.machineId)
})

test('no key at either place names both paths', (t) => {
  const dir = tempDir(t)
  const bundle = writeBundle(dir, newMachine(), { identity: { privateKeyPath: '/etc/sikkerkey/absent.pem' }, privateKeyPem: null })
  assertConfigError(() => new SikkerKey(bundle.identityPath), '/etc/sikkerkey/absent.pem', path.join(dir, 'private.pem'),
    "Put the bundle's private.pem beside identity.json")
})

test('keys that are not unencrypted PKCS#8 Ed25519 are rejected with the reason', (t) => {
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  const ed = crypto.generateKeyPairSync('ed25519').privateKey
  const cases = [
    [rsa.export({ type: 'pkcs1', format: 'pem' }), "'RSA PRIVATE KEY'"],
    [ec.export({ type: 'sec1', format: 'pem' }), "'EC PRIVATE KEY'"],
    [ed.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }), "'ENCRYPTED PRIVATE KEY'"],
    [ed.export({ type: 'pkcs8', format: 'der' }).toString('base64'), 'no PEM block'],
    ['-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n', 'cannot be parsed'],
    [rsa.export({ type: 'pkcs8', format: 'pem' }), 'is a rsa key, not Ed25519'],
  ]
  for (const [pem, reason] of cases) {
    const bundle = writeBundle(tempDir(t), newMachine(), { privateKeyPem: pem })
    assertConfigError(() => new SikkerKey(bundle.identityPath), bundle.keyPath, reason, KEY_FIX)
  }
})

test('https:// anywhere and http:// only for localhost, 127.0.0.1 and [::1]', (t) => {
  const dir = tempDir(t)
  for (const apiUrl of ['https://sikkerkey.example.com', 'https://10.0.0.5:8443/prefix', 'http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080']) {
    const bundle = writeBundle(dir, newMachine(), { identity: { apiUrl } })
    assert.equal(new SikkerKey(bundle.identityPath).apiUrl, apiUrl)
  }
  for (const apiUrl of ['http://sikkerkey.example.com', 'http://localhost.evil.example', 'http://10.0.0.5:8080', 'ftp://localhost', 'not a url']) {
    const bundle = writeBundle(dir, newMachine(), { identity: { apiUrl } })
    const fix = apiUrl === 'not a url' ? [BUNDLE_FIX] : ['requires https://', 'Set SIKKERKEY_PUBLIC_URL on the server']
    assertConfigError(() => new SikkerKey(bundle.identityPath), apiUrl, bundle.identityPath, ...fix)
  }
})
