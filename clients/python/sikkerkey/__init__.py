"""SikkerKey Python SDK: read secrets with the machine identity of a SikkerKey bundle.

    from sikkerkey import SikkerKey

    sk = SikkerKey()                       # $SIKKERKEY_IDENTITY, e.g. /etc/sikkerkey/identity.json
    db_url = sk.get_secret("sk_database_url")
    api_key = sk.get_field("sk_stripe_keys", "secret_key")
"""

from sikkerkey._watch import WatchEvent, WatchStatus
from sikkerkey.client import SecretListItem, SikkerKey
from sikkerkey.exceptions import (
    AccessDeniedError,
    ApiError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    FieldNotFoundError,
    NotFoundError,
    RateLimitedError,
    SecretStructureError,
    ServerSealedError,
    SikkerKeyError,
)

__all__ = [
    "SikkerKey",
    "SecretListItem",
    "WatchEvent",
    "WatchStatus",
    "SikkerKeyError",
    "ConfigurationError",
    "ApiError",
    "AuthenticationError",
    "AccessDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitedError",
    "ServerSealedError",
    "SecretStructureError",
    "FieldNotFoundError",
]
