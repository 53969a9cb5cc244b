"""Settings read from the environment (prefix GOVERNANCE_); passed around, never a global."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_data_dir() -> Path:
    # XDG-style location so `governance demo` works from any directory.
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "governance"


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
        )
