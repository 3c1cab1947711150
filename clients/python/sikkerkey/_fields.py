"""Structured values and env-var naming."""

from __future__ import annotations

import json
import re
from typing import Optional

from sikkerkey.exceptions import SecretStructureError


def to_env_name(name: str) -> str:
    """Uppercased, every run of non-alphanumerics → ``_``, trimmed of ``_``."""
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


def parse_fields(value: str) -> Optional[dict[str, str]]:
    """The fields of a structured value (a JSON object), each as a string; None for anything else."""
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(parsed, dict):
        return None
    return {key: field if isinstance(field, str) else json.dumps(field, separators=(",", ":"), ensure_ascii=False)
            for key, field in parsed.items()}


def require_fields(secret_id: str, value: str) -> dict[str, str]:
    fields = parse_fields(value)
    if fields is None:
        raise SecretStructureError(
            f"Secret {secret_id} is not a structured secret (its value is not a JSON object of fields)")
    return fields


def to_env_map(secrets: list[dict]) -> dict[str, str]:
    """NAME for a plain secret, NAME_FIELD for each field of a structured one."""
    env: dict[str, str] = {}
    for secret in secrets:
        name = to_env_name(secret["name"])
        fields = parse_fields(secret["value"]) if secret.get("fieldNames") is not None else None
        if not fields:
            env[name] = secret["value"]
            continue
        for field, value in fields.items():
            env[f"{name}_{to_env_name(field)}"] = value
    return env
