"""Finding, reading and validating a machine identity (identity.json + private.pem)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, rsa, x25519, x448
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from sikkerkey.exceptions import ConfigurationError

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_FIX = ("Extract identity.json and private.pem from the .sikkerkey bundle, unchanged, "
        "and point SIKKERKEY_IDENTITY at identity.json.")
_KEY_FIX = ("Use the bundle's private.pem unchanged (an unencrypted PKCS#8 Ed25519 key, "
            "'-----BEGIN PRIVATE KEY-----').")
_KEY_KINDS = [(rsa.RSAPrivateKey, "rsa"), (ec.EllipticCurvePrivateKey, "ec"), (dsa.DSAPrivateKey, "dsa"),
              (ed448.Ed448PrivateKey, "ed448"), (x25519.X25519PrivateKey, "x25519"), (x448.X448PrivateKey, "x448")]


@dataclass(frozen=True)
class Identity:
    """The keys of a bundle's identity.json that the SDK reads, and the loaded key."""
    machine_id: str
    machine_name: str
    vault_id: str
    api_url: str
    private_key: Ed25519PrivateKey
    identity_path: str


def _vaults_dir() -> str:
    return os.path.join(os.environ.get("SIKKERKEY_HOME") or os.path.join(Path.home(), ".sikkerkey"), "vaults")


def list_vaults() -> list[str]:
    """Vault ids under $SIKKERKEY_HOME/vaults that hold an identity.json, sorted."""
    directory = _vaults_dir()
    if not os.path.isdir(directory):
        return []
    return sorted(name for name in os.listdir(directory)
                  if os.path.exists(os.path.join(directory, name, "identity.json")))


def locate_identity(vault_or_path: Optional[str]) -> str:
    """First hit wins: an explicit path or vault id, $SIKKERKEY_IDENTITY, the single vault under $SIKKERKEY_HOME."""
    if vault_or_path and (re.search(r"[\\/]", vault_or_path) or vault_or_path.endswith(".json")):
        return os.path.abspath(vault_or_path)
    if vault_or_path:
        vault_id = vault_or_path if vault_or_path.startswith("vault_") else f"vault_{vault_or_path}"
        path = os.path.join(_vaults_dir(), vault_id, "identity.json")
        if os.path.exists(path):
            return path
        raise ConfigurationError(
            f"No identity for vault '{vault_id}': {path} does not exist. Check the vault id, "
            "set SIKKERKEY_HOME, or pass the path of identity.json.")
    from_env = os.environ.get("SIKKERKEY_IDENTITY")
    if from_env:
        return os.path.abspath(from_env)
    vaults = list_vaults()
    if len(vaults) == 1:
        return os.path.join(_vaults_dir(), vaults[0], "identity.json")
    if vaults:
        raise ConfigurationError(
            f"Several vaults are registered under {_vaults_dir()} ({', '.join(vaults)}). "
            f"Pass the vault id to use, e.g. SikkerKey(\"{vaults[0]}\").")
    raise ConfigurationError(
        f"No SikkerKey identity found: SIKKERKEY_IDENTITY is not set and {_vaults_dir()} holds no vault. "
        "Set SIKKERKEY_IDENTITY to the mounted bundle, e.g. SIKKERKEY_IDENTITY=/etc/sikkerkey/identity.json.")


def _read(path: str, what: str, fix: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        reason = "does not exist"
    except PermissionError:
        reason = f"is not readable by this process (uid {getattr(os, 'getuid', lambda: '?')()}); check its owner and mode"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except OSError as e:
        reason = f"cannot be read ({e.strerror or e})"
    raise ConfigurationError(f"{what} {path} {reason}. {fix}")


def _parse_identity(path: str, raw: bytes) -> dict[str, str]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ConfigurationError(f"Identity file {path} is not valid JSON ({e}). {_FIX}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"Identity file {path} must hold a JSON object. {_FIX}")

    def field(key: str, required: bool) -> str:
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
        if not required and value in (None, ""):
            return ""
        raise ConfigurationError(f"Identity file {path} has no valid \"{key}\" (a non-empty string). {_FIX}")

    return {key: field(key, key in ("machineId", "apiUrl"))
            for key in ("machineId", "machineName", "vaultId", "apiUrl", "privateKeyPath")}


def _check_api_url(path: str, api_url: str) -> None:
    try:
        url = urlsplit(api_url)
        host = url.hostname
    except ValueError:
        url, host = None, None
    if url is None or not url.scheme or not host:
        raise ConfigurationError(f"Identity file {path} has an apiUrl that is not a URL: {api_url}. {_FIX}")
    if url.scheme == "https" or (url.scheme == "http" and host in _LOCAL_HOSTS):
        return
    raise ConfigurationError(
        f"Identity file {path} has apiUrl {api_url}: SikkerKey requires https:// (http:// only for localhost, "
        "127.0.0.1 or [::1]). Set SIKKERKEY_PUBLIC_URL on the server to its https:// address and provision "
        "the container again.")


def _locate_private_key(path: str, declared_path: str) -> str:
    """privateKeyPath as written (relative to identity.json's folder), else private.pem beside identity.json."""
    folder = os.path.dirname(path)
    beside = os.path.join(folder, "private.pem")
    declared = os.path.join(folder, declared_path) if declared_path else ""
    if declared and os.path.exists(declared):
        return declared
    if os.path.exists(beside):
        return beside
    looked = f"{declared} (privateKeyPath in {path}) nor {beside}" if declared else beside
    raise ConfigurationError(
        f"Private key not found: neither {looked} exists. "
        f"Put the bundle's private.pem beside {os.path.basename(path)}.")


def _parse_private_key(key_path: str, pem: bytes) -> Ed25519PrivateKey:
    label = re.search(rb"-----BEGIN ([A-Z0-9 ]+)-----", pem)
    if label is None or label.group(1) != b"PRIVATE KEY":
        found = f"a '{label.group(1).decode()}' PEM block" if label else "no PEM block"
        raise ConfigurationError(f"Private key {key_path} is not a PKCS#8 key: it holds {found}. {_KEY_FIX}")
    try:
        key = load_pem_private_key(pem, password=None)
    except Exception as e:  # cryptography raises ValueError, TypeError or UnsupportedAlgorithm
        raise ConfigurationError(f"Private key {key_path} cannot be parsed ({e}). {_KEY_FIX}") from None
    if not isinstance(key, Ed25519PrivateKey):
        kind = next((name for cls, name in _KEY_KINDS if isinstance(key, cls)), type(key).__name__)
        raise ConfigurationError(f"Private key {key_path} is a {kind} key, not Ed25519. {_KEY_FIX}")
    return key


def load_identity(path: str) -> Identity:
    """Reads and validates identity.json and its private key; every failure is a ConfigurationError."""
    fields = _parse_identity(path, _read(path, "Identity file", _FIX))
    _check_api_url(path, fields["apiUrl"])
    key_path = _locate_private_key(path, fields["privateKeyPath"])
    pem = _read(key_path, "Private key", f"Make the bundle's private.pem readable beside {os.path.basename(path)}.")
    return Identity(
        machine_id=fields["machineId"],
        machine_name=fields["machineName"],
        vault_id=fields["vaultId"],
        api_url=fields["apiUrl"],
        private_key=_parse_private_key(key_path, pem),
        identity_path=path,
    )
