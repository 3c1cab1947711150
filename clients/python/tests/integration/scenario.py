"""Runs the Python SDK against a real SikkerKey for the .NET test suite (clients/dotnet/tests/SikkerKey.Sdk.Tests,
RealSystem/), which starts the system, provisions the bundle and asserts on what this prints.

Usage: SIKKERKEY_IDENTITY=…/identity.json python3 scenario.py '<plan JSON>'
The plan is {"steps": [{"op": "get" | "field" | "fields" | "list" | "listByProject" | "export", …}], "quiet": bool};
prints one JSON line {"results": [{"ok": value} | {"error": {"type", "status", "message"}}]}.
With quiet, a string value is printed as its SHA-256 only, so the caller can check that the SDK itself
printed nothing of it.
"""

import dataclasses
import hashlib
import json
import os
import sys

# The package from this checkout, as tests/support.py loads it (nothing installed).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from sikkerkey import ApiError, SikkerKey, SikkerKeyError  # noqa: E402

OPERATIONS = {
    "get": lambda sk, s: sk.get_secret(s["id"]),
    "field": lambda sk, s: sk.get_field(s["id"], s["field"]),
    "fields": lambda sk, s: sk.get_fields(s["id"]),
    "list": lambda sk, s: sk.list_secrets(),
    "listByProject": lambda sk, s: sk.list_secrets_by_project(s["projectId"]),
    "export": lambda sk, s: sk.export(),
}

# SecretListItem's fields under the wire names the other SDKs use.
WIRE_NAMES = {"field_names": "fieldNames", "project_id": "projectId"}


def shown(value, quiet):
    if quiet and isinstance(value, str):
        return {"sha256": hashlib.sha256(value.encode("utf-8")).hexdigest()}
    if isinstance(value, list):
        return [{WIRE_NAMES.get(k, k): v for k, v in dataclasses.asdict(item).items()} for item in value]
    return value


def main():
    plan = json.loads(sys.argv[1])
    results = []
    # No argument: the identity comes from SIKKERKEY_IDENTITY.
    with SikkerKey() as sk:
        for step in plan["steps"]:
            try:
                results.append({"ok": shown(OPERATIONS[step["op"]](sk, step), plan.get("quiet", False))})
            except SikkerKeyError as e:
                status = e.http_status if isinstance(e, ApiError) else None
                results.append({"error": {"type": type(e).__name__, "status": status, "message": str(e)}})
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
