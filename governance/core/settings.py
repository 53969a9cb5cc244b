"""Settings read from the environment (prefix GOVERNANCE_); passed around, never a global.
Read once, when the app or a command starts: a bad value stops the start, naming the variable.

E-mail (reminders of follow-up tasks) is off unless GOVERNANCE_SMTP_HOST is set."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


def default_data_dir() -> Path:
    # XDG-style location so `governance demo` works from any directory.
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "governance"


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


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str = ""
    debug: bool = False
    # Calendar feeds: the https address clients reach (feed URLs, links back); empty = the
    # request's own address. Conditional feed requests may be answered 304 from memory for
    # this many seconds (0 = always ask the database).
    public_url: str = ""
    feed_cache_seconds: float = 60.0
    # Accounts: the key that signs CSRF tokens; empty = a random key kept in data_dir/secret_key.
    secret_key: str = ""
    # Follow-up tasks: warnings, uploads and reminder e-mail.
    tasks: TaskSettings = field(default_factory=TaskSettings)

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'governance.db'}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = env.get("GOVERNANCE_DATA_DIR")
        return cls(
            data_dir=Path(data_dir) if data_dir else default_data_dir(),
            database_url=env.get("GOVERNANCE_DATABASE_URL", ""),
            debug=env.get("GOVERNANCE_DEBUG", "") in {"1", "true", "yes"},
            public_url=env.get("GOVERNANCE_PUBLIC_URL", "").rstrip("/"),
            feed_cache_seconds=float(env.get("GOVERNANCE_FEED_CACHE_SECONDS", "") or 60.0),
            secret_key=env.get("GOVERNANCE_SECRET_KEY", ""),
            tasks=TaskSettings.from_env(env),
        )
