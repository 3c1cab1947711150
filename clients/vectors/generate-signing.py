#!/usr/bin/python3
"""Regenerates signing.json, the machine-plane v1 signing vectors every client asserts against.

Keys and nonces are derived from fixed labels so a rerun prints the same file; Ed25519 is
deterministic, so the signatures are stable too. Run: /usr/bin/python3 generate-signing.py > signing.json
"""
import base64
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

TIMESTAMP = "1767225600"  # 2026-01-01T00:00:00Z

KEYS = {
    "primary": ("sikkerkey-vector-key-1", "6f0c2a9e-4b1d-4c55-9a57-1f2e3d4c5b6a"),
    "secondary": ("sikkerkey-vector-key-2", "0b7e8f51-2c3d-4e6f-8a9b-0c1d2e3f4a5b"),
}

CASES = [
    ("get-secret-no-body", "primary", "GET", "/v1/secret/sk_abc1234567", b""),
    ("list-python-body", "primary", "POST", "/v1/secrets/list", json.dumps({"projectId": "proj_abc1234567"}).encode()),
    ("list-node-body", "primary", "POST", "/v1/secrets/list",
     json.dumps({"projectId": "proj_abc1234567"}, separators=(",", ":")).encode()),
    ("export-no-body", "primary", "POST", "/v1/secrets/export", b""),
    ("verify-access-non-ascii-body", "secondary", "POST", "/v1/verify-access",
     json.dumps({"projectId": "prosjekt-blåbær-€-🔑"}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")),
    ("poll-node-body", "secondary", "POST", "/v1/secrets/poll",
     json.dumps({"watch": ["sk_abc1234567", "sk_def7654321"]}, separators=(",", ":")).encode()),
    ("list-all-no-body", "secondary", "GET", "/v1/secrets", b""),
]


def key_for(label):
    seed = hashlib.sha256(label.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def vector(name, key_name, method, path, body):
    label, machine_id = KEYS[key_name]
    key = key_for(label)
    nonce = base64.b64encode(hashlib.sha256(f"nonce:{name}".encode()).digest()[:16]).decode()
    body_sha = hashlib.sha256(body).hexdigest()
    signed = f"{method}:{path}:{TIMESTAMP}:{nonce}:{body_sha}"
    return {
        "name": name,
        "privateKeyPem": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "publicKeyBase64": base64.b64encode(
            key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        ).decode(),
        "machineId": machine_id,
        "method": method,
        "path": path,
        "timestamp": TIMESTAMP,
        "nonce": nonce,
        "bodyBase64": base64.b64encode(body).decode(),
        "bodyUtf8": body.decode("utf-8"),
        "bodySha256": body_sha,
        "signedString": signed,
        "signature": base64.b64encode(key.sign(signed.encode("utf-8"))).decode(),
    }


print(json.dumps({
    "description": "SikkerKey machine-plane wire protocol v1 signing vectors. signedString is "
                   "{METHOD}:{path}:{timestamp}:{nonce}:{bodySha256}; bodySha256 is the lowercase hex SHA-256 "
                   "of the exact body bytes (bodyBase64; empty string = no body); signature is the standard "
                   "base64 of the pure Ed25519 signature of the UTF-8 signedString with privateKeyPem (PKCS#8).",
    "vectors": [vector(*case) for case in CASES],
}, indent=2, ensure_ascii=False))
