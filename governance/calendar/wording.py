"""The words feeds print, read from templates/calendar/wording.yaml so staff can edit them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from governance.core.yamltext import load_yaml
from governance.records.models import EventKind

WORDING_FILE = Path(__file__).resolve().parents[2] / "templates" / "calendar" / "wording.yaml"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

# The placeholders each line may use: anything else is a typo, reported at start-up.
_ALLOWED: dict[str, set[str]] = {
    "feed_name": {"owner", "organisation"},
    "kinds_suffix": {"kinds"},
    "agenda_item": {"number", "title"},
    "agenda_presenter": {"presenter"},
    "link": {"url"},
    "alarm": {"title"},
    "deadline_summary": {"title"},
}


def fill(template: str, **values: object) -> str:
    """Replace {name} with its value. Only plain names: no attribute access, no format specs,
    so an edited wording file can never reach into the objects it is filled from."""
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template
    )


class FeedNames(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    person: str
    all: str
    organisation: str


class Wording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    feed_name: FeedNames
    kinds_suffix: str
    feed_description: str
    status_prefix: dict[str, str] = Field(default_factory=dict)
    agenda_heading: str
    agenda_item: str
    agenda_presenter: str
    link: str
    alarm: str
    deadline_summary: str
    task_status_prefix: dict[str, str] = Field(default_factory=dict)
    task_fields: dict[str, str] = Field(default_factory=dict)
    kinds: dict[str, str]
    task_category: str

    @field_validator("kinds")
    @classmethod
    def _every_kind(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [k.value for k in EventKind if k.value not in value]
        if missing:
            raise ValueError(f"no label for {', '.join(missing)}")
        return value

    def kind_label(self, kind: str) -> str:
        return self.kinds.get(kind, kind)


def _check_placeholders(data: dict[str, Any]) -> None:
    for key, allowed in _ALLOWED.items():
        value = data.get(key)
        texts = value.values() if isinstance(value, dict) else [value]
        for text in texts:
            for name in _PLACEHOLDER.findall(text if isinstance(text, str) else ""):
                if name not in allowed:
                    raise ValueError(
                        f"{key}: unknown placeholder {{{name}}} (use {', '.join(sorted(allowed))})"
                    )


def parse_wording(text: str, where: str = "wording") -> Wording:
    try:
        data = load_yaml(text)
        if not isinstance(data, dict):
            raise ValueError("expected a mapping of names to texts")
        _check_placeholders(data)
        return Wording.model_validate(data)
    except (yaml.YAMLError, ValueError, ValidationError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


@lru_cache(maxsize=4)
def load_wording(path: Path = WORDING_FILE) -> Wording:
    """Read once per process: edits take effect on the next start."""
    return parse_wording(path.read_text(encoding="utf-8"), str(path))
