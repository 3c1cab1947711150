"""Test fixtures: bundles on disk and a local SikkerKey stand-in that verifies every signature."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey  # noqa: E402

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "vectors", "signing.json")
_NONCE = re.compile(r"^[A-Za-z0-9+/]{22}==$")


def pkcs8_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


@dataclass
class Machine:
    """A machine as the server knows it: id and key pair."""
    machine_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()


@dataclass
class Bundle:
    identity_path: str
    key_path: str
    identity: dict
    machine: Machine


def temp_dir(test) -> str:
    directory = tempfile.mkdtemp(prefix="sikkerkey-py-")
    test.addCleanup(shutil.rmtree, directory, ignore_errors=True)
    return directory


_UNSET = object()


def write_bundle(directory: str, machine: Optional[Machine] = None, identity: Optional[dict] = None,
                 private_key_pem: Any = _UNSET) -> Bundle:
    """Writes identity.json and private.pem (unless private_key_pem is None); identity values of None are left out."""
    machine = machine or Machine()
    key_path = os.path.join(directory, "private.pem")
    pem = pkcs8_pem(machine.private_key) if private_key_pem is _UNSET else private_key_pem
    if pem is not None:
        with open(key_path, "wb") as f:
            f.write(pem)
    content = {
        "machineId": machine.machine_id,
        "machineName": "docker-calm-otter-3fa1",
        "vaultId": "vault_test",
        "apiUrl": "https://sikkerkey.example.com",
        "privateKeyPath": key_path,
        **(identity or {}),
    }
    content = {k: v for k, v in content.items() if v is not None}
    identity_path = os.path.join(directory, "identity.json")
    with open(identity_path, "w", encoding="utf-8") as f:
        json.dump(content, f)
    return Bundle(identity_path, key_path, content, machine)


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes
    at: float
    problem: Optional[str]

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Respond = Callable[[Received, int], dict]


class VerifyingServer:
    """An http.server on 127.0.0.1 that checks each request as the gateway does (machine id,
    timestamp window, single-use 16-byte nonce, Ed25519 signature over the received bytes)
    and answers from ``respond(request, n)`` → {"status", "body", "delay", "drop"}."""

    def __init__(self, test, machine: Machine, respond: Respond):
        self.requests: list[Received] = []
        nonces: set[str] = set()
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                h = {k.lower(): v for k, v in self.headers.items()}
                with lock:
                    problem = _check(machine, self.command, self.path, h, body, nonces)
                    if problem is None:
                        nonces.add(h["x-nonce"])
                    request = Received(self.command, self.path, h, body, time.monotonic(), problem)
                    server.requests.append(request)
                    n = len(server.requests)
                answer = {"status": 401, "body": {"error": problem}} if problem else respond(request, n)
                if answer.get("drop"):
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                time.sleep(answer.get("delay", 0))
                payload = answer.get("body", {})
                raw = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                try:
                    self.send_response(answer.get("status", 200))
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except OSError:  # the client gave up (timeout tests)
                    pass

            do_GET = do_POST = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        test.addCleanup(self._stop)

    def _stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()


def _check(machine: Machine, method: str, path: str, h: dict, body: bytes, nonces: set) -> Optional[str]:
    nonce = h.get("x-nonce", "")
    if h.get("x-machine-id") != machine.machine_id:
        return "unknown machine"
    if abs(int(h.get("x-timestamp", "0")) - time.time()) > 300:
        return "stale timestamp"
    if not _NONCE.match(nonce) or len(base64.b64decode(nonce)) != 16:
        return "bad nonce"
    if nonce in nonces:
        return "replayed nonce"
    signed = f"{method}:{path}:{h['x-timestamp']}:{nonce}:{hashlib.sha256(body).hexdigest()}"
    try:
        machine.public_key.verify(base64.b64decode(h.get("x-signature", "")), signed.encode("utf-8"))
    except (InvalidSignature, ValueError):
        return "bad signature"
    return None


def serve_bundle(test, respond: Respond, api_path: str = "") -> tuple[Bundle, VerifyingServer]:
    """A bundle whose apiUrl (plus api_path) points at a fresh verifying server."""
    machine = Machine()
    server = VerifyingServer(test, machine, respond)
    return write_bundle(temp_dir(test), machine, {"apiUrl": server.url + api_path}), server


def ok(value: str = "postgres://db") -> dict:
    return {"status": 200, "body": {"value": value}}
