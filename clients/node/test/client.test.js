'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const { SikkerKey, SecretStructureError, FieldNotFoundError, NotFoundError } = require('../dist/index.js')
const { serveBundle } = require('./helpers.js')

const STRIPE = JSON.stringify({ 'publishable-key': 'pk_live', secret_key: 'sk_live' })
const SECRETS = {
  sk_database_url: { name: 'database url', value: 'postgres://app@db/app', fieldNames: null, projectId: 'proj_abc1234567' },
  sk_stripe_keys: { name: 'stripe-keys', value: STRIPE, fieldNames: JSON.stringify(['publishable-key', 'secret_key']), projectId: 'proj_abc1234567' },
}
const listed = (ids) => ids.map((id) => ({ id, name: SECRETS[id].name, fieldNames: SECRETS[id].fieldNames, projectId: SECRETS[id].projectId }))

/** The /v1 routes with the two secrets above. */
function v1(req) {
  const id = req.path.startsWith('/v1/secret/') && req.path.slice('/v1/secret/'.length)
  if (req.method === 'GET' && id) return SECRETS[id] ? { body: { value: SECRETS[id].value } } : { status: 404, body: { error: `secret ${id} not found` } }
  if (req.method === 'GET' && req.path === '/v1/secrets') return { body: { secrets: listed(Object.keys(SECRETS)) } }
  if (req.method === 'POST' && req.path === '/v1/secrets/list') return { body: { secrets: listed(['sk_stripe_keys']) } }
  if (req.method === 'POST' && req.path === '/v1/secrets/export') {
    return { body: { secrets: Object.entries(SECRETS).map(([sid, s]) => ({ id: sid, name: s.name, value: s.value, fieldNames: s.fieldNames })) } }
  }
  return { status: 404, body: { error: `no route ${req.method} ${req.path}` } }
}

async function client(t, respond = v1, options = {}) {
  const { bundle, server } = await serveBundle(t, respond, options)
  return { sk: new SikkerKey(bundle.identityPath, { retryBaseDelayMs: 1, ...options.client }), requests: server.requests }
}

test('getSecret: a signed GET with no body at the host root of apiUrl, even when apiUrl has a path', async (t) => {
  const { sk, requests } = await client(t, v1, { apiPath: '/some/prefix' })
  assert.equal(await sk.getSecret('sk_database_url'), 'postgres://app@db/app')
  const [req] = requests
  assert.equal(req.problem, null)
  assert.equal(req.path, '/v1/secret/sk_database_url')
  assert.equal(req.body.length, 0)
  assert.equal(req.headers['content-type'], undefined)
  assert.match(req.headers['x-timestamp'], /^\d+$/)
})

test('getFields / getField read a structured secret; plain secrets and absent fields are typed errors', async (t) => {
  const { sk } = await client(t)
  assert.deepEqual(await sk.getFields('sk_stripe_keys'), { 'publishable-key': 'pk_live', secret_key: 'sk_live' })
  assert.equal(await sk.getField('sk_stripe_keys', 'secret_key'), 'sk_live')
  await assert.rejects(sk.getField('sk_stripe_keys', 'host'), (e) =>
    e instanceof FieldNotFoundError && e.message.includes("'host'") && e.message.includes('publishable-key, secret_key') && !e.message.includes('sk_live'))
  await assert.rejects(sk.getFields('sk_database_url'), (e) => e instanceof SecretStructureError && !e.message.includes('postgres'))
  await assert.rejects(sk.getSecret('sk_missing'), { constructor: NotFoundError, message: 'secret sk_missing not found' })
})

test('listSecrets is a GET; listSecretsByProject POSTs compact JSON, signed over the bytes sent', async (t) => {
  const { sk, requests } = await client(t)
  const all = await sk.listSecrets()
  assert.deepEqual(all.map((s) => s.id), ['sk_database_url', 'sk_stripe_keys'])
  assert.equal(typeof all[1].fieldNames, 'string')
  assert.equal(all[0].fieldNames, null)
  const inProject = await sk.listSecretsByProject('proj_blåbær')
  assert.deepEqual(inProject.map((s) => s.id), ['sk_stripe_keys'])
  const [list, byProject] = requests
  assert.deepEqual([list.method, list.path, list.body.length], ['GET', '/v1/secrets', 0])
  assert.equal(byProject.body.toString('utf8'), '{"projectId":"proj_blåbær"}')
  assert.equal(byProject.headers['content-type'], 'application/json')
  assert.equal(byProject.problem, null)
})

test('export: no body (Content-Length 0) or {"projectId"}, mapped to env-var names', async (t) => {
  const { sk, requests } = await client(t)
  const expected = {
    DATABASE_URL: 'postgres://app@db/app',
    STRIPE_KEYS_PUBLISHABLE_KEY: 'pk_live',
    STRIPE_KEYS_SECRET_KEY: 'sk_live',
  }
  assert.deepEqual(await sk.export(), expected)
  assert.deepEqual(await sk.export('proj_abc1234567'), expected)
  assert.equal(requests[0].headers['content-length'], '0')
  assert.equal(requests[0].body.length, 0)
  assert.equal(requests[0].headers['content-type'], undefined)
  assert.equal(requests[1].body.toString(), '{"projectId":"proj_abc1234567"}')
  assert.deepEqual(requests.map((r) => r.problem), [null, null])
})

test('env-var names: uppercase, runs of non-alphanumerics become one _, trimmed', async (t) => {
  const names = { '  db url!! ': 'DB_URL', 'stripe--keys': 'STRIPE_KEYS', 'api.key/v2': 'API_KEY_V2', 'blåbær': 'BL_B_R', '__x__': 'X' }
  const secrets = Object.keys(names).map((name, i) => ({ id: `sk_${i}`, name, value: `v${i}`, fieldNames: null }))
  const { sk } = await client(t, () => ({ body: { secrets } }))
  assert.deepEqual(await sk.export(), Object.fromEntries(Object.values(names).map((env, i) => [env, `v${i}`])))
})

test('watch: changed brings the new value and fields; access_denied ends the watch', { timeout: 5000 }, async (t) => {
  const polls = []
  const answers = [{}, { sk_stripe_keys: { status: 'changed' } }, { sk_database_url: { status: 'access_denied' } }]
  const respond = (req) => {
    if (req.path !== '/v1/secrets/poll') return v1(req)
    polls.push(req.json.watch)
    return { body: { changes: answers[polls.length - 1] ?? {} } }
  }
  const { sk, requests } = await client(t, respond, { client: { pollIntervalMs: 20 } })
  t.after(() => sk.close())
  const events = []
  const seen = new Promise((done) => {
    const record = (event) => { events.push(event); if (events.length === 2) done() }
    sk.watch('sk_database_url', record)
    sk.watch('sk_stripe_keys', record)
  })
  await seen
  assert.deepEqual(events[0], {
    secretId: 'sk_stripe_keys', status: 'changed', value: STRIPE,
    fields: { 'publishable-key': 'pk_live', secret_key: 'sk_live' }, error: null,
  })
  assert.deepEqual(events[1], { secretId: 'sk_database_url', status: 'access_denied', value: null, fields: null, error: null })
  while (polls.length < 4) await new Promise((done) => setTimeout(done, 10))
  assert.deepEqual(polls[0], ['sk_database_url', 'sk_stripe_keys'])
  assert.deepEqual(polls[3], ['sk_stripe_keys'], 'the denied secret is no longer polled')
  assert.equal(requests.find((r) => r.path === '/v1/secrets/poll').headers['content-type'], 'application/json')
  assert.ok(requests.every((r) => r.problem === null))
})

test('watch: a callback that throws does not stop polling; close() stops it', { timeout: 5000 }, async (t) => {
  let polls = 0
  const respond = (req) => (req.path === '/v1/secrets/poll'
    ? { body: { changes: (++polls, { sk_database_url: { status: 'changed' } }) } }
    : v1(req))
  const { sk } = await client(t, respond, { client: { pollIntervalMs: 15 } })
  let calls = 0
  await new Promise((done) => sk.watch('sk_database_url', () => { if (++calls === 2) done(); throw new Error('app bug') }))
  sk.close()
  const after = polls
  await new Promise((done) => setTimeout(done, 80))
  assert.ok(polls <= after + 1, 'no polling after close')
})
