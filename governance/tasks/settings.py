"""Settings of follow-up tasks, read from the environment (prefix GOVERNANCE_); passed in.

E-mail is off unless GOVERNANCE_SMTP_HOST is set (and `governance tasks remind --email` asks).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MAX_UPLOAD_MB_LIMIT = 64  # the handler's hard cap on a request body, whatever is configured


class SettingsError(ValueError):
    """An environment variable with a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "governance@localhost"
    starttls: bool = False
    ssl: bool = False
    timeout: float = 10.0


@dataclass(frozen=True)
class TaskSettings:
    warn_days: int = 7  # blue warning when the deadline is at most this many days away
    max_upload_bytes: int = 10 * 1024 * 1024
    smtp: SmtpSettings | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TaskSettings:
        env = os.environ if env is None else env
        warn_days = _int(env, "GOVERNANCE_TASKS_WARN_DAYS", 7, 0, 365)
        upload_mb = _int(env, "GOVERNANCE_TASKS_MAX_UPLOAD_MB", 10, 1, MAX_UPLOAD_MB_LIMIT)
        host = env.get("GOVERNANCE_SMTP_HOST", "").strip()
        smtp = None
        if host:
            smtp = SmtpSettings(
                host=host,
                port=_int(env, "GOVERNANCE_SMTP_PORT", 25, 1, 65535),
                user=env.get("GOVERNANCE_SMTP_USER", ""),
                password=env.get("GOVERNANCE_SMTP_PASSWORD", ""),
                sender=env.get("GOVERNANCE_SMTP_FROM", "") or "governance@localhost",
                starttls=_flag(env, "GOVERNANCE_SMTP_STARTTLS"),
                ssl=_flag(env, "GOVERNANCE_SMTP_SSL"),
            )
        return cls(warn_days=warn_days, max_upload_bytes=upload_mb * 1024 * 1024, smtp=smtp)


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}: {value} is outside {low}–{high}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
