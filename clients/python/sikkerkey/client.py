"""The SikkerKey client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import quote

from sikkerkey._fields import require_fields, to_env_map
from sikkerkey._identity import list_vaults, load_identity, locate_identity
from sikkerkey._transport import SignedTransport
from sikkerkey._watch import WatchCallback, Watcher
from sikkerkey.exceptions import FieldNotFoundError


@dataclass
class SecretListItem:
    """Secret metadata from list_secrets / list_secrets_by_project (never a value).

    ``field_names`` is, for a structured secret, a JSON array of field names serialised
    into a string; None for a plain one.
    """
    id: str
    name: str
    field_names: Optional[str] = None
    project_id: Optional[str] = None


def _items(body: dict) -> list[SecretListItem]:
    return [SecretListItem(s["id"], s["name"], s.get("fieldNames"), s.get("projectId")) for s in body["secrets"]]


class SikkerKey:
    """A client bound to one machine identity.

    Every request is signed with the machine's Ed25519 key; values are held in memory
    only, never written to disk or logged.

    Args:
        vault_or_path: path of identity.json, or a vault id. Default: $SIKKERKEY_IDENTITY,
            then the single vault under $SIKKERKEY_HOME/vaults (default ~/.sikkerkey/vaults).
        retry_base_delay: seconds; the three retries wait 1×, 2× and 4× this (default 1).
        timeout: seconds one attempt may take (default 15).
        poll_interval: seconds between watch polls, not clamped (default 15).

    Raises:
        ConfigurationError: the identity is missing or broken; the message names the file and the fix.
    """

    def __init__(self, vault_or_path: Optional[str] = None, *, retry_base_delay: float = 1.0,
                 timeout: float = 15.0, poll_interval: float = 15.0):
        self._identity = load_identity(locate_identity(vault_or_path))
        self._transport = SignedTransport(
            self._identity.machine_id, self._identity.api_url, self._identity.private_key,
            retry_base_delay=retry_base_delay, timeout=timeout)
        self._watcher = Watcher(
            poll=lambda ids: self._transport.request("POST", "/v1/secrets/poll", {"watch": ids})["changes"],
            read=self.get_secret,
            interval=poll_interval)

    @staticmethod
    def list_vaults() -> list[str]:
        """Vault ids registered under $SIKKERKEY_HOME/vaults."""
        return list_vaults()

    @property
    def machine_id(self) -> str:
        return self._identity.machine_id

    @property
    def machine_name(self) -> str:
        return self._identity.machine_name

    @property
    def vault_id(self) -> str:
        return self._identity.vault_id

    @property
    def api_url(self) -> str:
        return self._identity.api_url

    def get_secret(self, secret_id: str) -> str:
        """The value of a secret; a structured secret's value is its JSON text."""
        return self._transport.request("GET", f"/v1/secret/{quote(secret_id, safe='')}")["value"]

    def get_fields(self, secret_id: str) -> dict[str, str]:
        """The fields of a structured secret. Raises SecretStructureError for a plain one."""
        return require_fields(secret_id, self.get_secret(secret_id))

    def get_field(self, secret_id: str, field: str) -> str:
        """One field of a structured secret. Raises FieldNotFoundError (listing the fields) when absent."""
        fields = self.get_fields(secret_id)
        if field not in fields:
            raise FieldNotFoundError(
                f"Field '{field}' not found in secret {secret_id}. Available: {', '.join(fields)}")
        return fields[field]

    def list_secrets(self) -> list[SecretListItem]:
        """Every secret granted to this machine."""
        return _items(self._transport.request("GET", "/v1/secrets"))

    def list_secrets_by_project(self, project_id: str) -> list[SecretListItem]:
        """The secrets granted to this machine in one project."""
        return _items(self._transport.request("POST", "/v1/secrets/list", {"projectId": project_id}))

    def export(self, project_id: Optional[str] = None) -> dict[str, str]:
        """Granted secrets as env vars (one round trip): NAME, or NAME_FIELD per field of a structured secret."""
        if project_id:
            body = self._transport.request("POST", "/v1/secrets/export", {"projectId": project_id})
        else:
            body = self._transport.request("POST", "/v1/secrets/export")
        return to_env_map(body["secrets"])

    def watch(self, secret_id: str, callback: WatchCallback) -> None:
        """Calls ``callback`` from a daemon thread when the secret changes (with the new value),
        is deleted or access is removed (both end the watch)."""
        self._watcher.watch(secret_id, callback)

    def unwatch(self, secret_id: str) -> None:
        """Stops watching one secret; polling stops when nothing is watched."""
        self._watcher.unwatch(secret_id)

    def set_poll_interval(self, seconds: float) -> None:
        """Seconds between polls, at least 10."""
        self._watcher.interval = max(10, seconds)

    def close(self) -> None:
        """Stops polling and forgets every watch; the client can still read."""
        self._watcher.close()

    def __enter__(self) -> "SikkerKey":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
