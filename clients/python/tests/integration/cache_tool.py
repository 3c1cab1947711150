"""Writes or reads one .skc entry with the Python SDK's cache, for the .NET cross-client test
(clients/dotnet/tests/SikkerKey.Sdk.Tests, Caching/CrossClientCacheTests).

Usage: python3 cache_tool.py '{"op": "write" | "read", "folder", "vaultId", "machineId", "privateKeyPem", "secretId", "name", "value", "fieldNames"}'
read prints the entry as JSON ({"name", "value", "fieldNames"}), or null on a miss.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

from cryptography.hazmat.primitives.serialization import load_pem_private_key  # noqa: E402
from sikkerkey._cache import SecretCache, seed_of  # noqa: E402

a = json.loads(sys.argv[1])
cache = SecretCache(a["folder"], a["vaultId"], a["machineId"], seed_of(load_pem_private_key(a["privateKeyPem"].encode(), None)))
if a["op"] == "write":
    cache.store(a["secretId"], a.get("name"), a["value"], a.get("fieldNames"))
else:
    hit = cache.load(a["secretId"])
    print(json.dumps(hit and {"name": hit.name, "value": hit.value, "fieldNames": hit.field_names}))
