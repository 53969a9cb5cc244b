"""Request and response shapes of the directory (organisations, posts and tenures, people,
standing bodies): XCreate, XUpdate (all optional), XRead."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from governance.core.types import Id, Input, Label, Name, Precedence, Prose, Short, Title
from governance.records.models import Numbering, OrganisationKind, Role
from governance.records.schemas import Read


# --- organisations ---------------------------------------------------------------------------
class OrganisationCreate(Input):
    name: Title
    short_name: Short = ""
    prefix: Short = ""
    kind: OrganisationKind
    parent_id: Id | None = None
    rank: Precedence = 0


class OrganisationUpdate(Input):
    name: Title | None = None
    short_name: Short | None = None
    prefix: Short | None = None
    kind: OrganisationKind | None = None
    parent_id: Id | None = None
    rank: Precedence | None = None


class OrganisationRead(Read):
    id: int
    name: str
    short_name: str
    prefix: str
    kind: OrganisationKind
    parent_id: int | None
    rank: int


# --- posts and tenures -----------------------------------------------------------------------
class PostCreate(Input):
    organisation_id: Id
    title: Label
    precedence: Precedence = 100


class PostUpdate(Input):
    organisation_id: Id | None = None
    title: Label | None = None
    precedence: Precedence | None = None


class PostRead(Read):
    id: int
    organisation_id: int
    title: str
    precedence: int


class TenureFields(Input):
    starts_on: date | None = None
    ends_on: date | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> TenureFields:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise PydanticCustomError("tenure_ends_before_start", "ends_on is before starts_on")
        return self


class TenureCreate(TenureFields):
    person_id: Id
    post_id: Id


class TenureUpdate(TenureFields):
    person_id: Id | None = None
    post_id: Id | None = None


class TenureRead(Read):
    id: int
    person_id: int
    post_id: int
    starts_on: date | None
    ends_on: date | None


class PersonTenureRead(TenureRead):
    post_title: str
    organisation_id: int
    organisation_name: str


# --- people ----------------------------------------------------------------------------------
class PersonCreate(Input):
    name: Name
    internal: bool = True
    organisation_id: Id | None = None
    notes: Prose = ""


class PersonUpdate(Input):
    name: Name | None = None
    internal: bool | None = None
    organisation_id: Id | None = None
    notes: Prose | None = None


class PersonRead(Read):
    id: int
    name: str
    internal: bool
    organisation_id: int | None
    notes: str


class PersonEventRead(BaseModel):
    event_id: int
    title: str
    date: date
    roles: list[Role]


class PersonDetail(PersonRead):
    title_chain: str = Field(description="Titles held on `on` (default today), as printed")
    on: date
    tenures: list[PersonTenureRead]
    events: list[PersonEventRead]


# --- standing bodies -------------------------------------------------------------------------
class BodyCreate(Input):
    organisation_id: Id
    name: Label
    numbering: Numbering


class BodyUpdate(Input):
    organisation_id: Id | None = None
    name: Label | None = None
    numbering: Numbering | None = None


class BodyRead(Read):
    id: int
    organisation_id: int
    name: str
    numbering: Numbering
