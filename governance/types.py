"""Constrained input types shared by every schema: bounded ids, counts and clean text."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

MAX_ID = 2**31 - 1
# No C0 control characters except tab and newlines: PostgreSQL rejects NUL outright.
_CLEAN_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


# Documented in the schema so generated clients (and schemathesis) know; checked by _clean
# with a message that says what is wrong.
_SCHEMA = {"pattern": _CLEAN_PATTERN}


def _clean(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("must not contain NUL or other control characters")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Precedence = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
Ordinal = Annotated[int, Field(ge=1, le=999)]


def _text(min_length: int, max_length: int) -> object:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        Field(json_schema_extra=_SCHEMA),
        AfterValidator(_clean),
    ]


# Lengths match the columns in models.py, so nothing reaches the database too long.
Name = _text(1, 50)
OptName = _text(0, 50)
Label = _text(1, 100)
Short = _text(0, 100)
Title = _text(1, 200)
Line = _text(0, 200)
LongTitle = _text(1, 300)
Prose = _text(0, 20_000)


class Input(BaseModel):
    """Base of every request body: unknown fields are refused, so typos do not vanish silently."""

    model_config = ConfigDict(extra="forbid")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
