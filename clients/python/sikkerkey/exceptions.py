"""Typed errors of the SikkerKey SDK; every one carries a message a person can act on."""

from __future__ import annotations

from typing import Optional


class SikkerKeyError(Exception):
    """Base class of every error this SDK raises."""


class ConfigurationError(SikkerKeyError):
    """The machine identity could not be found or loaded; the message names the file and the fix."""


class SecretStructureError(SikkerKeyError):
    """The secret's value is not a JSON object of fields (get_fields / get_field)."""


class FieldNotFoundError(SikkerKeyError):
    """The structured secret has no such field; the message lists the fields it has."""


class ApiError(SikkerKeyError):
    """The server answered other than 200, or could not be reached (http_status 0).

    The message is the server's ``{"error": "..."}`` text.
    """

    status = 0  # the status a subclass stands for

    def __init__(self, message: str, http_status: Optional[int] = None):
        super().__init__(message)
        self.http_status = self.status if http_status is None else http_status


class AuthenticationError(ApiError):
    """401: signature rejected, machine unknown, disabled or revoked."""
    status = 401


class AccessDeniedError(ApiError):
    """403: the machine holds no grant for this secret or project."""
    status = 403


class NotFoundError(ApiError):
    """404: no such secret or project."""
    status = 404


class ConflictError(ApiError):
    """409: conflict."""
    status = 409


class RateLimitedError(ApiError):
    """429: rate limited, still so after every retry."""
    status = 429


class ServerSealedError(ApiError):
    """503: the server is unavailable, still so after every retry."""
    status = 503


_BY_STATUS = {error.status: error for error in (
    AuthenticationError, AccessDeniedError, NotFoundError, ConflictError, RateLimitedError, ServerSealedError)}


def error_for_status(status: int, message: str) -> ApiError:
    """The typed error for a non-200 HTTP status."""
    return _BY_STATUS.get(status, ApiError)(message, status)
