#!/usr/bin/env python3
"""Writes signing.json, the v1 signing vectors every SikkerKey client and the server assert against.

The expected values come from the `cryptography` package (OpenSSL's Ed25519), not from any SikkerKey
implementation, so the C# library is checked against an independent one. Run with Debian's python3:

    python3 clients/vectors/generate.py          # rewrite signing.json
    python3 clients/vectors/generate.py --check  # exit 1 if signing.json differs from what this script makes
"""
import base64
import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# RFC 8032 section 7.1 TEST 1 and TEST 2 secret keys: their public keys are published, an extra anchor.
KEYS = {
    "rfc8032-test1": ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
    "rfc8032-test2": ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"),
}
MACHINE = "6f0c2b1e-8d3a-4f5e-9a7b-1c2d3e4f5a6b"
OTHER_MACHINE = "0b7e6c1d-2a3f-4e5d-8c9b-aa11bb22cc33"
T = 1767225600  # 2026-01-01T00:00:00Z
NONCE_A = base64.b64encode(bytes(range(16))).decode()
NONCE_B = base64.b64encode(bytes([0xfb, 0xff, 0xbf, 0xfe] * 4)).decode()  # has '+' and '/'

VECTORS = [
    ("get-secret", "rfc8032-test1", MACHINE, "GET", "/v1/secret/sk_a1b2c3d4e5", T, NONCE_A, b""),
    ("list-secrets", "rfc8032-test1", MACHINE, "GET", "/v1/secrets", T + 1, NONCE_B, b""),
    ("list-by-project-python-style", "rfc8032-test1", MACHINE, "POST", "/v1/secrets/list", T, NONCE_A,
     b'{"projectId": "proj_a1b2c3d4e5"}'),
    ("list-by-project-node-style", "rfc8032-test1", MACHINE, "POST", "/v1/secrets/list", T, NONCE_A,
     b'{"projectId":"proj_a1b2c3d4e5"}'),
    ("export-without-body", "rfc8032-test1", MACHINE, "POST", "/v1/secrets/export", T, NONCE_B, b""),
    ("poll-compact", "rfc8032-test1", MACHINE, "POST", "/v1/secrets/poll", T + 299, NONCE_A,
     b'{"watch":["sk_a1b2c3d4e5","sk_f6g7h8i9j0"]}'),
    ("non-ascii-body", "rfc8032-test1", MACHINE, "POST", "/v1/verify-access", T, NONCE_B,
     '{"projectId": "proj_a1b2c3d4e5", "note": "blåbærsyltetøy 🔑"}'.encode()),
    ("percent-encoded-path", "rfc8032-test1", MACHINE, "GET", "/v1/secret/sk_a1b2%20c3%2Fd4%C3%A6", T, NONCE_A, b""),
    ("lowercase-method-is-uppercased", "rfc8032-test1", MACHINE, "get", "/v1/cli/secrets", T, NONCE_A, b""),
    ("raw-bytes-body", "rfc8032-test1", MACHINE, "POST", "/v1/secrets/poll", T, NONCE_A,
     bytes([0x00, 0xff, 0xfe, 0x80, 0x7b, 0x0a])),
    ("second-key", "rfc8032-test2", OTHER_MACHINE, "GET", "/v1/cli/projects", T, NONCE_B, b""),
    ("opaque-long-nonce", "rfc8032-test2", OTHER_MACHINE, "POST", "/v1/secrets/list", T, "n" * 64,
     b'{"projectId": "proj_zzzzzzzzzz"}'),
]


def key_material(name):
    seed_hex, public_hex = KEYS[name]
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert public.hex() == public_hex, f"{name}: public key differs from RFC 8032"
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode("ascii")
    return key, pem, base64.b64encode(public).decode()


def as_text(body):
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def vector(name, key_name, machine_id, method, path, timestamp, nonce, body):
    key, pem, public = key_material(key_name)
    body_hash = hashlib.sha256(body).hexdigest()
    signed = f"{method.upper()}:{path}:{timestamp}:{nonce}:{body_hash}"
    signature = base64.b64encode(key.sign(signed.encode("utf-8"))).decode()
    return {
        "name": name, "privateKeyPem": pem, "publicKey": public, "machineId": machine_id,
        "method": method, "path": path, "timestamp": timestamp, "nonce": nonce,
        "body": as_text(body), "bodyBase64": base64.b64encode(body).decode(), "bodySha256": body_hash,
        "signedString": signed, "signature": signature,
        "headers": {"X-Machine-Id": machine_id, "X-Timestamp": str(timestamp), "X-Nonce": nonce,
                    "X-Signature": signature},
    }


def document():
    return {
        "protocol": "SikkerKey machine-plane wire protocol v1",
        "signedString": "{METHOD}:{path}:{timestamp}:{nonce}:{sha256hex(body)}",
        "generatedBy": "clients/vectors/generate.py (python cryptography); see README.md",
        "vectors": [vector(*v) for v in VECTORS],
    }


def main():
    target = pathlib.Path(__file__).with_name("signing.json")
    text = json.dumps(document(), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print("signing.json is up to date" if same else "signing.json differs from generate.py", file=sys.stderr)
        sys.exit(0 if same else 1)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {len(VECTORS)} vectors to {target}")


if __name__ == "__main__":
    main()
