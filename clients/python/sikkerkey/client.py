"""The SikkerKey client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import quote

from sikkerkey._cache import SecretCache, cache_folder, cache_requested, is_unreachable, seed_of
from sikkerkey._fields import require_fields, to_env_map
from sikkerkey._identity import list_vaults, load_identity, locate_identity
from sikkerkey._transport import SignedTransport
from sikkerkey._watch import WatchCallback, Watcher
from sikkerkey.exceptions import ApiError, FieldNotFoundError


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
    only, never logged, and written to disk only when the opt-in offline cache is on.

    Args:
        vault_or_path: path of identity.json, or a vault id. Default: $SIKKERKEY_IDENTITY,
            then the single vault under $SIKKERKEY_HOME/vaults (default ~/.sikkerkey/vaults).
        retry_base_delay: seconds; the three retries wait 1×, 2× and 4× this (default 1).
        timeout: seconds one attempt may take (default 15).
        poll_interval: seconds between watch polls, not clamped (default 15).
        cache: the encrypted offline cache (the official .skc format): values read are also sealed
            to disk and served from there only when SikkerKey cannot be reached (network error, 502,
            503, 504), never after a 401, 403 or 404. Default None: on only when SIKKERKEY_CACHE=1.
        cache_dir: the cache's folder; default $SIKKERKEY_CACHE_DIR/<vaultId>, else
            $SIKKERKEY_HOME/vaults/<vaultId>/cache.

    Raises:
        ConfigurationError: the identity is missing or broken; the message names the file and the fix.
    """

    def __init__(self, vault_or_path: Optional[str] = None, *, retry_base_delay: float = 1.0,
                 timeout: float = 15.0, poll_interval: float = 15.0, cache: Optional[bool] = None,
                 cache_dir: Optional[str] = None):
        self._identity = load_identity(locate_identity(vault_or_path))
        self._transport = SignedTransport(
            self._identity.machine_id, self._identity.api_url, self._identity.private_key,
            retry_base_delay=retry_base_delay, timeout=timeout)
        self._watcher = Watcher(
            poll=lambda ids: self._transport.request("POST", "/v1/secrets/poll", {"watch": ids})["changes"],
            read=self.get_secret,
            interval=poll_interval)
        self._cache_dir = cache_dir
        self._cache: Optional[SecretCache] = None
        if cache if cache is not None else cache_requested():
            self.enable_cache()

    def enable_cache(self) -> None:
        """Turns the offline cache on for this client, as the official SDK's enable_cache does."""
        if self._cache is None:
            self._cache = SecretCache(cache_folder(self._identity.vault_id, self._cache_dir), self._identity.vault_id,
                                      self._identity.machine_id, seed_of(self._identity.private_key))

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
        try:
            value = self._transport.request("GET", f"/v1/secret/{quote(secret_id, safe='')}")["value"]
        except ApiError as e:
            cached = self._cache.load(secret_id) if self._cache and is_unreachable(e.http_status) else None
            if cached is None:
                raise
            return cached.value
        if self._cache:
            # A read by id knows no name; keep the one an export cached, which an offline export needs.
            known = self._cache.load(secret_id)
            self._cache.store(secret_id, known.name if known else None, value, known.field_names if known else None)
        return value

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
        try:
            if project_id:
                body = self._transport.request("POST", "/v1/secrets/export", {"projectId": project_id})
            else:
                body = self._transport.request("POST", "/v1/secrets/export")
        except ApiError as e:
            cached = [s for s in self._cache.load_all() if s.name] if self._cache and is_unreachable(e.http_status) else []
            if not cached:
                raise
            return to_env_map([{"id": s.secret_id, "name": s.name, "value": s.value, "fieldNames": s.field_names} for s in cached])
        if self._cache:
            for s in body["secrets"]:
                self._cache.store(s["id"], s["name"], s["value"], s.get("fieldNames"))
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
