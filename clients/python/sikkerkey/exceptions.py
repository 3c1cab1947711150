"""Typed errors of the SikkerKey SDK; every one carries a message a person can act on."""

from __future__ import annotations


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

    def __init__(self, message: str, http_status: int = 0):
        super().__init__(message)
        self.http_status = http_status


class AuthenticationError(ApiError):
    """401: signature rejected, machine unknown, disabled or revoked."""

    def __init__(self, message: str):
        super().__init__(message, 401)


class AccessDeniedError(ApiError):
    """403: the machine holds no grant for this secret or project."""

    def __init__(self, message: str):
        super().__init__(message, 403)


class NotFoundError(ApiError):
    """404: no such secret or project."""

    def __init__(self, message: str):
        super().__init__(message, 404)


class ConflictError(ApiError):
    """409: conflict."""

    def __init__(self, message: str):
        super().__init__(message, 409)


class RateLimitedError(ApiError):
    """429: rate limited, still so after every retry."""

    def __init__(self, message: str):
        super().__init__(message, 429)


class ServerSealedError(ApiError):
    """503: the server is unavailable, still so after every retry."""

    def __init__(self, message: str):
        super().__init__(message, 503)


_BY_STATUS = {
    401: AuthenticationError,
    403: AccessDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
    503: ServerSealedError,
}


def error_for_status(status: int, message: str) -> ApiError:
    """The typed error for a non-200 HTTP status."""
    error_type = _BY_STATUS.get(status)
    return error_type(message) if error_type else ApiError(message, status)
