"""Machine-plane v1 request signing."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def signed_string(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """``{METHOD}:{path}:{timestamp}:{nonce}:{sha256hex(body)}``."""
    return f"{method.upper()}:{path}:{timestamp}:{nonce}:{hashlib.sha256(body).hexdigest()}"


def signature(private_key: Ed25519PrivateKey, signed: str) -> str:
    """Standard base64 of the pure Ed25519 signature of the UTF-8 signed string."""
    return base64.b64encode(private_key.sign(signed.encode("utf-8"))).decode("ascii")


def auth_headers(machine_id: str, private_key: Ed25519PrivateKey, method: str, path: str, body: bytes) -> dict[str, str]:
    """The four auth headers for one attempt, with a fresh timestamp and nonce."""
    timestamp = str(int(time.time()))
    nonce = base64.b64encode(secrets.token_bytes(16)).decode("ascii")
    return {
        "X-Machine-Id": machine_id,
        "X-Timestamp": timestamp,
        "X-Nonce": nonce,
        "X-Signature": signature(private_key, signed_string(method, path, timestamp, nonce, body)),
    }
