'use strict'
// Writes or reads one .skc entry with the Node SDK's cache, for the .NET cross-client test
// (clients/dotnet/tests/SikkerKey.Sdk.Tests, Caching/CrossClientCacheTests).
// Usage: node cache-tool.js '{"op": "write" | "read", "folder", "vaultId", "machineId", "privateKeyPem", "secretId", "name", "value", "fieldNames"}'
// read prints the entry as JSON ({"name", "value", "fieldNames"}), or null on a miss.
const crypto = require('node:crypto')
const path = require('node:path')
const sdk = process.env.SIKKERKEY_SDK_MODULE || path.join(__dirname, '..', '..', 'dist', 'index.js')
const { SecretCache, seedOf } = require(path.join(path.dirname(sdk), 'cache.js'))

const a = JSON.parse(process.argv[2])
const cache = new SecretCache(a.folder, a.vaultId, a.machineId, seedOf(crypto.createPrivateKey(a.privateKeyPem)))
if (a.op === 'write') {
  cache.store(a.secretId, a.name ?? null, a.value, a.fieldNames ?? null)
} else {
  const hit = cache.load(a.secretId)
  console.log(JSON.stringify(hit && { name: hit.name, value: hit.value, fieldNames: hit.fieldNames }))
}
