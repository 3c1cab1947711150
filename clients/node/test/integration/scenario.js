'use strict'
// Runs the Node SDK against a real SikkerKey for the .NET test suite (clients/dotnet/tests/SikkerKey.Sdk.Tests,
// RealSystem/), which starts the system, provisions the bundle and asserts on what this prints.
// Usage: SIKKERKEY_IDENTITY=…/identity.json node scenario.js '<plan JSON>'
// The plan is {"steps": [{"op": "get" | "field" | "fields" | "list" | "listByProject" | "export", …}], "quiet": bool};
// prints one JSON line {"results": [{"ok": value} | {"error": {"type", "status", "message"}}]}.
// With quiet, a string value is printed as its SHA-256 only, so the caller can check that the SDK itself
// printed nothing of it.
const crypto = require('node:crypto')
// The caller compiles the SDK from src/ into a folder of its own; on its own this runs the package's dist/.
const { SikkerKey, SikkerKeyError } = require(process.env.SIKKERKEY_SDK_MODULE || '../../dist/index.js')

const plan = JSON.parse(process.argv[2])

const operations = {
  get: (sk, s) => sk.getSecret(s.id),
  field: (sk, s) => sk.getField(s.id, s.field),
  fields: (sk, s) => sk.getFields(s.id),
  list: (sk) => sk.listSecrets(),
  listByProject: (sk, s) => sk.listSecretsByProject(s.projectId),
  export: (sk) => sk.export(),
}

function shown(value) {
  return plan.quiet && typeof value === 'string' ? { sha256: crypto.createHash('sha256').update(value, 'utf8').digest('hex') } : value
}

async function main() {
  // The official SDK's way in: no argument, so the identity comes from SIKKERKEY_IDENTITY.
  const sk = await SikkerKey.create()
  const results = []
  for (const step of plan.steps) {
    try {
      results.push({ ok: shown(await operations[step.op](sk, step)) })
    } catch (e) {
      if (!(e instanceof SikkerKeyError)) throw e
      results.push({ error: { type: e.constructor.name, status: e.httpStatus ?? null, message: e.message } })
    }
  }
  sk.close()
  process.stdout.write(JSON.stringify({ results }) + '\n')
}

main().catch((e) => {
  process.stderr.write(`${e.constructor.name}: ${e.message}\n`)
  process.exitCode = 1
})
