"""Signed machine-plane requests over urllib, with retries on 429, 503 and network errors."""

from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import time
from typing import Any, Callable
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, HTTPSHandler, Request, build_opener

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sikkerkey._signing import auth_headers
from sikkerkey.exceptions import ApiError, ConfigurationError, error_for_status

_RETRIES = 3
_RETRYABLE = {429, 503}
NO_BODY = object()


class _NoRedirects(HTTPRedirectHandler):
    """A redirect is answered as an error: signed headers are never replayed to another URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _tls_context() -> ssl.SSLContext:
    """The CAs to trust: REQUESTS_CA_BUNDLE as requests reads it, else OpenSSL's defaults, which honour SSL_CERT_FILE."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE")
    if not bundle:
        return ssl.create_default_context()
    try:
        return ssl.create_default_context(cafile=bundle)
    except (OSError, ssl.SSLError) as e:
        raise ConfigurationError(
            f"REQUESTS_CA_BUNDLE={bundle} cannot be read as PEM certificates ({e}): point it at the CA "
            "certificate SikkerKey's is issued by.") from None


class SignedTransport:
    """Signs and sends requests; each retry waits 1×, 2×, 4× ``retry_base_delay`` and signs afresh."""

    def __init__(self, machine_id: str, api_url: str, private_key: Ed25519PrivateKey, *,
                 retry_base_delay: float, timeout: float, sleep: Callable[[float], None] = time.sleep):
        url = urlsplit(api_url)
        # A path of apiUrl is dropped: /v1 is served at the host root, as the Node SDK does.
        self._origin = f"{url.scheme}://{url.netloc}"
        self._machine_id = machine_id
        self._private_key = private_key
        self._retry_base_delay = retry_base_delay
        self._timeout = timeout
        self._sleep = sleep
        self._opener = build_opener(_NoRedirects, HTTPSHandler(context=_tls_context()))

    def request(self, method: str, path: str, payload: Any = NO_BODY) -> Any:
        """Sends ``payload`` as ``json.dumps`` text (none: an empty body); returns the parsed 200 response."""
        body = b"" if payload is NO_BODY else json.dumps(payload).encode("utf-8")
        for attempt in range(_RETRIES + 1):
            if attempt:
                self._sleep(self._retry_base_delay * 2 ** (attempt - 1))
            try:
                return self._attempt(method, path, body, is_json=payload is not NO_BODY)
            except ApiError as error:
                # A refused certificate stays refused: no retry.
                if (attempt == _RETRIES or getattr(error, "certificate_refused", False)
                        or (error.http_status != 0 and error.http_status not in _RETRYABLE)):
                    raise

    def _attempt(self, method: str, path: str, body: bytes, is_json: bool) -> Any:
        headers = auth_headers(self._machine_id, self._private_key, method, path, body)
        if is_json:
            headers["Content-Type"] = "application/json"
        # No body goes as data=None: http.client then sends Content-Length: 0 on a POST, and urllib adds no
        # form Content-Type (it would for data=b"").
        request = Request(self._origin + path, data=body or None, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status, raw = response.status, response.read()
        except HTTPError as e:
            status, raw = e.code, _read_quietly(e)
        except (URLError, OSError, http.client.HTTPException) as e:
            reason = e.reason if isinstance(e, URLError) else e
            if isinstance(reason, ssl.SSLCertVerificationError):
                refused = ApiError(
                    f"TLS error: cannot verify the certificate of SikkerKey at {self._origin} "
                    f"({reason.verify_message or reason.reason}). If its certificate comes from a private CA, set "
                    "REQUESTS_CA_BUNDLE (or SSL_CERT_FILE) to that CA's PEM file.", 0)
                refused.certificate_refused = True
                raise refused from None
            raise ApiError(f"Network error: cannot reach {self._origin}: {self._describe(e)}", 0) from None
        if status != 200:
            raise error_for_status(status, _error_message(status, raw))
        try:
            return json.loads(raw.decode("utf-8"))
        except ValueError:
            # The body may hold secret values: never quote it.
            raise ApiError(f"SikkerKey answered {method} {path} with a body that is not JSON", status) from None

    def _describe(self, error: Exception) -> str:
        reason = error.reason if isinstance(error, URLError) else error
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return f"no answer within {self._timeout:g} s"
        return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def _read_quietly(error: HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""


def _error_message(status: int, raw: bytes) -> str:
    # A 2xx/3xx body may hold secret values: never quote it.
    if status < 400:
        return f"Unexpected HTTP {status} from SikkerKey (only 200 is success)"
    text = raw.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text)
        if isinstance(parsed, dict) and isinstance(parsed.get("error"), str) and parsed["error"]:
            return parsed["error"]
    except ValueError:
        pass
    return text.strip()[:300] or f"HTTP {status}"
