"""The Chinese wording of tasks, read from templates/tasks/labels.yaml (staff edit it there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from governance.core.yamltext import load_yaml

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "tasks"


@dataclass(frozen=True)
class Labels:
    status: dict[str, str]
    action: dict[str, str]
    priority: dict[str, str]
    colour: dict[str, str]
    colour_short: dict[str, str]
    source_kind: dict[str, str]
    ongoing: str
    no_deadline: str
    ledger_title: str
    ledger: list[tuple[str, str]]

    def deadline(self, due_on: date | None, ongoing: bool) -> str:
        if ongoing:
            return self.ongoing
        return chinese_date(due_on) if due_on else self.no_deadline


def load_labels(path: Path | None = None) -> Labels:
    """The labels file, read again whenever it changes on disk."""
    path = path or TEMPLATES / "labels.yaml"
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> Labels:
    raw: dict[str, Any] = load_yaml(path.read_text("utf-8"))
    return Labels(
        status=dict(raw["status"]),
        action=dict(raw["action"]),
        priority=dict(raw["priority"]),
        colour=dict(raw["colour"]),
        colour_short=dict(raw["colour_short"]),
        source_kind=dict(raw["source_kind"]),
        ongoing=str(raw["ongoing"]),
        no_deadline=str(raw["no_deadline"]),
        ledger_title=str(raw["ledger_title"]),
        ledger=[(str(code), str(heading)) for code, heading in raw["ledger"]],
    )


def chinese_date(day: date) -> str:
    """2021年1月22日: no leading zeros, as the newsletter writes dates."""
    return f"{day.year}年{day.month}月{day.day}日"
