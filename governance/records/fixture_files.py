"""The YAML fixture files (format: fixtures/README.md): their shape, finding and reading them,
and the report of what loading them did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from governance.core.plugin import REGISTRY
from governance.core.yamltext import load_yaml
from governance.records.models import (
    AgendaKind,
    DocumentKind,
    DocumentStatus,
    EventKind,
    EventStatus,
    Numbering,
    OrganisationKind,
    Role,
    Visibility,
)
from governance.records.schemas import Guest


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message names file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganisationFixture(_Strict):
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field(default="", max_length=100)
    prefix: str = Field(default="", max_length=100)
    kind: OrganisationKind
    parent: str | None = None
    rank: int = 0


class PostFixture(_Strict):
    organisation: str
    title: str = Field(min_length=1, max_length=100)
    precedence: int = 100


class TenureFixture(_Strict):
    post: str
    organisation: str | None = None
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class PersonFixture(_Strict):
    name: str = Field(min_length=1, max_length=50)
    organisation: str | None = None
    internal: bool = True
    notes: str = ""
    tenures: list[TenureFixture] = Field(default_factory=list)


class BodyFixture(_Strict):
    organisation: str
    name: str = Field(min_length=1, max_length=100)
    numbering: Numbering


class ParticipantFixture(_Strict):
    person: str | None = None
    guest: Guest | None = None
    role: Role
    printed_title: str | None = Field(default=None, max_length=200)
    delegation: str = Field(default="", max_length=200)
    delegation_size: int | None = Field(default=None, ge=0)
    remarks: str = ""

    @model_validator(mode="after")
    def _one(self) -> ParticipantFixture:
        if (self.person is None) == (self.guest is None):
            raise ValueError("give exactly one of person and guest")
        return self


class GroupFixture(_Strict):
    label: str = Field(min_length=1, max_length=200)
    organisation: str | None = None
    count: int | None = Field(default=None, ge=0)
    approximate: bool = False
    role: Role = Role.PARTICIPATE


class DocumentFixture(_Strict):
    title: str = Field(min_length=1, max_length=300)
    kind: DocumentKind = DocumentKind.OTHER
    status: DocumentStatus = DocumentStatus.DRAFT


class AgendaFixture(_Strict):
    title: str = Field(min_length=1, max_length=300)
    kind: AgendaKind = AgendaKind.OTHER
    presenter: str | None = None
    outcome: str = ""
    document: DocumentFixture | None = None


class EventFixture(_Strict):
    key: str = Field(min_length=1, max_length=100)
    kind: EventKind
    title: str | None = None
    body: str | None = None
    term: int | None = None
    session: int | None = None
    organiser: str | None = None
    start: date | datetime
    end: date | datetime | None = None
    location: str = ""
    status: EventStatus = EventStatus.HELD
    visibility: Visibility = Visibility.INTERNAL
    parent: str | None = None
    summary: str = ""
    notes: str = ""
    delegates_due: int | None = None
    delegates_present: int | None = None
    participants: list[ParticipantFixture] = Field(default_factory=list)
    groups: list[GroupFixture] = Field(default_factory=list)
    agenda: list[AgendaFixture] = Field(default_factory=list)
    documents: list[DocumentFixture] = Field(default_factory=list)


class FixtureFile(_Strict):
    organisations: list[OrganisationFixture] = Field(default_factory=list)
    posts: list[PostFixture] = Field(default_factory=list)
    people: list[PersonFixture] = Field(default_factory=list)
    bodies: list[BodyFixture] = Field(default_factory=list)
    events: list[EventFixture] = Field(default_factory=list)
    # Sections other capabilities declare (REGISTRY.fixture_sections), kept raw for their loaders.
    extra: dict[str, list[Any]] = Field(default_factory=dict, exclude=True)

    def section(self, name: str) -> list[Any]:
        """The items of a top-level section: the records' own, or a capability's raw ones."""
        return (
            list(getattr(self, name))
            if name in type(self).model_fields
            else self.extra.get(name, [])
        )


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def rows(self) -> list[tuple[str, int, int, int]]:
        kinds = ["organisation", "post", "person", "tenure", "body", "event"]
        seen = set(self.created) | set(self.updated) | set(self.unchanged)
        kinds += sorted(seen - set(kinds))
        return [(k, self.created[k], self.updated[k], self.unchanged[k]) for k in kinds]

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def fixture_paths(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named or found in the folders named, each once."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.suffix in {".yaml", ".yml"}:
                    found.setdefault(p.resolve(), p)
        elif path.exists():
            found.setdefault(path.resolve(), path)
        else:
            raise FixtureError(f"{path}: no such file or folder")
    return list(found.values())


def field_path(loc: tuple[int | str, ...]) -> str:
    """A validation error's location as the file writes it: people[2].tenures[0].post."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_fixture(path: Path) -> FixtureFile:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FixtureError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise FixtureError(f"{path}: the top level must be a mapping of lists (organisations, …)")
    extra = {}
    for name in [k for k in raw if k in REGISTRY.fixture_sections]:
        items = raw.pop(name) or []
        if not isinstance(items, list):
            raise FixtureError(f"{path}: {name}: must be a list")
        extra[name] = items
    try:
        fixture = FixtureFile.model_validate(raw)
        fixture.extra = extra
        return fixture
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise FixtureError(
            f"{path}: {field_path(tuple(first['loc']))}: {first['msg']}{more}"
        ) from exc
