"""The CSRF signing key: from GOVERNANCE_SECRET_KEY, else made once in the data directory."""

from __future__ import annotations

import stat
from pathlib import Path

from governance.accounts.wiring import secret_key
from governance.core.settings import Settings


def test_key_file_is_made_once_and_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = secret_key(settings)
    assert len(first) == 64
    assert secret_key(settings) == first  # kept: tokens survive restarts
    mode = stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_setting_wins_and_writes_nothing(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"GOVERNANCE_DATA_DIR": str(tmp_path), "GOVERNANCE_SECRET_KEY": "k" * 40}
    )
    assert secret_key(settings) == "k" * 40
    assert list(tmp_path.iterdir()) == []
