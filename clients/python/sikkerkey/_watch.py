"""Watching secrets through /v1/secrets/poll on a background daemon thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum
from typing import Callable, Optional

from sikkerkey._fields import parse_fields


class WatchStatus(Enum):
    """What happened to a watched secret."""
    CHANGED = "changed"
    DELETED = "deleted"
    ACCESS_DENIED = "access_denied"
    ERROR = "error"


@dataclass
class WatchEvent:
    """What a watch callback receives: value and fields for CHANGED, error for ERROR."""
    secret_id: str
    status: WatchStatus
    value: Optional[str] = None
    fields: Optional[dict[str, str]] = None
    error: Optional[str] = None


WatchCallback = Callable[[WatchEvent], None]


class Watcher:
    """Polls right away and then every ``interval`` seconds while anything is watched."""

    def __init__(self, poll: Callable[[list[str]], dict], read: Callable[[str], str], interval: float):
        self._poll = poll
        self._read = read
        self.interval = interval
        self._callbacks: dict[str, WatchCallback] = {}
        self._lock = threading.Lock()
        self._stop: Optional[threading.Event] = None
        self._thread: Optional[threading.Thread] = None

    def watch(self, secret_id: str, callback: WatchCallback) -> None:
        with self._lock:
            self._callbacks[secret_id] = callback
            if self._stop is None:
                self._stop = threading.Event()
                self._thread = threading.Thread(target=self._run, args=(self._stop,), name="sikkerkey-watch", daemon=True)
                self._thread.start()

    def unwatch(self, secret_id: str) -> None:
        with self._lock:
            self._callbacks.pop(secret_id, None)
            if not self._callbacks:
                self._halt()

    def close(self) -> None:
        with self._lock:
            self._callbacks.clear()
            thread = self._thread
            self._halt()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _halt(self) -> None:
        if self._stop is not None:
            self._stop.set()
        self._stop = None
        self._thread = None

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self._poll_once()
            stop.wait(self.interval)

    def _poll_once(self) -> None:
        with self._lock:
            ids = list(self._callbacks)
        if not ids:
            return
        try:
            changes = self._poll(ids)
        except Exception:  # unreachable or refused: the next round tries again
            return
        for secret_id, change in (changes or {}).items():
            with self._lock:
                callback = self._callbacks.get(secret_id)
            if callback is not None:
                _notify(callback, self._event_for(secret_id, (change or {}).get("status")))

    def _event_for(self, secret_id: str, status: Optional[str]) -> WatchEvent:
        if status in ("deleted", "access_denied"):
            self.unwatch(secret_id)
            return WatchEvent(secret_id, WatchStatus(status))
        if status != "changed":
            return WatchEvent(secret_id, WatchStatus.ERROR, error=f"Unknown watch status: {status}")
        try:
            value = self._read(secret_id)
        except Exception as e:
            return WatchEvent(secret_id, WatchStatus.ERROR, error=str(e))
        return WatchEvent(secret_id, WatchStatus.CHANGED, value=value, fields=parse_fields(value))


def _notify(callback: WatchCallback, event: WatchEvent) -> None:
    """A callback that raises must not end the watch thread."""
    try:
        callback(event)
    except Exception:
        pass
