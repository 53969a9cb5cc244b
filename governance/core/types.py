"""Constrained input types shared by every schema: bounded ids, counts and clean text."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

MAX_ID = 2**31 - 1
# No C0 control characters except tab and newlines: PostgreSQL rejects NUL outright.
CLEAN_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


# Documented in the schema so generated clients (and schemathesis) know; checked by _clean
# with a message that says what is wrong.
_SCHEMA: dict[str, Any] = {"pattern": CLEAN_PATTERN}


def _clean(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise PydanticCustomError(
            "control_characters", "must not contain NUL or other control characters"
        )
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Precedence = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
Ordinal = Annotated[int, Field(ge=1, le=999)]


# Lengths match the columns in models.py, so nothing reaches the database too long.
_NO_CONTROL = Field(json_schema_extra=_SCHEMA)
_CHECKED = AfterValidator(_clean)
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
    _NO_CONTROL,
    _CHECKED,
]
OptName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=0, max_length=50),
    _NO_CONTROL,
    _CHECKED,
]
Label = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    _NO_CONTROL,
    _CHECKED,
]
Short = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=0, max_length=100),
    _NO_CONTROL,
    _CHECKED,
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    _NO_CONTROL,
    _CHECKED,
]
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=0, max_length=200),
    _NO_CONTROL,
    _CHECKED,
]
LongTitle = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    _NO_CONTROL,
    _CHECKED,
]
Prose = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=0, max_length=20_000),
    _NO_CONTROL,
    _CHECKED,
]


class Position(int):
    """A 0-based place in a list, as a message parameter: printed as itself
    (`participants[{first}]`), and as people count rows with the format `row` (`第 {first:row} 行`,
    1 for the first)."""

    def __format__(self, spec: str) -> str:
        return str(self + 1) if spec == "row" else int.__format__(self, spec)


class Input(BaseModel):
    """Base of every request body: unknown fields are refused, so typos do not vanish silently."""

    model_config = ConfigDict(extra="forbid")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
