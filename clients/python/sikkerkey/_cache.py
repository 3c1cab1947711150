"""The opt-in offline cache in the official SikkerKey CLI's .skc format, byte for byte.

    key   = HKDF-SHA256(ikm = Ed25519 seed, salt = vault id, info = "sikkerkey-cache-v1") -> 32 bytes
    entry = AES-256-GCM(key, random 12-byte nonce, {name,value,fieldNames} JSON,
                        aad = "sikkerkey-cache-v1\\0{vaultId}\\0{machineId}\\0{secretId}\\0{cachedAt}")

One file per secret, written atomically (temporary file, then rename). Anything that does not open
cleanly is a miss, never a wrong value.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from typing import Callable, Optional

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = "sikkerkey-cache-v1"
_EXT = ".skc"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class CachedSecret:
    secret_id: str
    name: Optional[str]  # present when an export cached it; None for a secret read by id
    value: str
    field_names: Optional[str]  # the wire's fieldNames string: not None for a structured secret
    cached_at: int


def cache_requested() -> bool:
    """True when SIKKERKEY_CACHE asks for the cache (1, true, yes, on)."""
    return os.environ.get("SIKKERKEY_CACHE", "").strip().lower() in ("1", "true", "yes", "on")


def cache_folder(vault_id: str, option: Optional[str] = None) -> str:
    """The option's folder; else $SIKKERKEY_CACHE_DIR/<vaultId>; else $SIKKERKEY_HOME/vaults/<vaultId>/cache."""
    if option:
        return os.path.abspath(option)
    if os.environ.get("SIKKERKEY_CACHE_DIR"):
        return os.path.abspath(os.path.join(os.environ["SIKKERKEY_CACHE_DIR"], vault_id))
    home = os.environ.get("SIKKERKEY_HOME") or os.path.join(os.path.expanduser("~"), ".sikkerkey")
    return os.path.abspath(os.path.join(home, "vaults", vault_id, "cache"))


def seed_of(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def is_unreachable(http_status: int) -> bool:
    """A network error (0) or a proxy's 502, 503, 504; never SikkerKey's own 401, 403, 404."""
    return http_status in (0, 502, 503, 504)


def _warn_stderr(message: str) -> None:
    print(f"sikkerkey: {message}", file=sys.stderr)


class SecretCache:
    def __init__(self, folder: str, vault_id: str, machine_id: str, seed: bytes,
                 warn: Callable[[str], None] = _warn_stderr):
        self.folder = folder
        self._vault_id = vault_id
        self._machine_id = machine_id
        self._aes = AESGCM(HKDF(hashes.SHA256(), 32, vault_id.encode(), _INFO.encode()).derive(seed))
        self._warn = warn
        self._warned = False

    def store(self, secret_id: str, name: Optional[str], value: str, field_names: Optional[str]) -> None:
        """Seals a secret into the cache; a folder that cannot be written is reported once, and reading goes on."""
        if not _SAFE_ID.match(secret_id):
            return
        cached_at = int(time.time())
        payload: dict[str, str] = {}
        if name:
            payload["name"] = name
        payload["value"] = value
        if field_names is not None:
            payload["fieldNames"] = field_names
        nonce = secrets.token_bytes(12)
        sealed = self._aes.encrypt(nonce, json.dumps(payload, separators=(",", ":")).encode(), self._aad(secret_id, cached_at))
        text = (f'{{"v":1,"nonce":"{base64.b64encode(nonce).decode()}",'
                f'"ct":"{base64.b64encode(sealed).decode()}","cachedAt":{cached_at}}}')
        temporary = os.path.join(self.folder, f".skc-{secrets.token_hex(8)}")
        try:
            os.makedirs(self.folder, mode=0o700, exist_ok=True)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(temporary, os.path.join(self.folder, secret_id + _EXT))
        except OSError as e:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            if not self._warned:
                self._warned = True
                self._warn(f"offline cache off: cannot write {self.folder} ({e}); set SIKKERKEY_CACHE_DIR to a writable folder")

    def load(self, secret_id: str) -> Optional[CachedSecret]:
        """The entry, or None on a miss: no file, an unknown format, or one that does not open."""
        if not _SAFE_ID.match(secret_id):
            return None
        try:
            with open(os.path.join(self.folder, secret_id + _EXT), encoding="utf-8") as f:
                envelope = json.load(f)
            if envelope.get("v") != 1 or not isinstance(envelope.get("cachedAt"), int):
                return None
            nonce = base64.b64decode(envelope["nonce"], validate=True)
            if len(nonce) != 12:
                return None
            plain = self._aes.decrypt(nonce, base64.b64decode(envelope["ct"], validate=True),
                                      self._aad(secret_id, envelope["cachedAt"]))
            payload = json.loads(plain)
            if not isinstance(payload.get("value"), str):
                return None
            return CachedSecret(secret_id, payload.get("name") or None, payload["value"],
                                payload.get("fieldNames"), envelope["cachedAt"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, InvalidTag):
            return None

    def load_all(self) -> list[CachedSecret]:
        """Every entry that opens; the others are skipped."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        found = (self.load(n[:-len(_EXT)]) for n in names if n.endswith(_EXT))
        return [s for s in found if s is not None]

    def _aad(self, secret_id: str, cached_at: int) -> bytes:
        return f"{_INFO}\0{self._vault_id}\0{self._machine_id}\0{secret_id}\0{cached_at}".encode()
