"""Request and response bodies of /api/v1/users."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from governance.accounts import rules
from governance.core.access import UserRole
from governance.core.types import Id, Input, Short

Username = Annotated[
    str,
    StringConstraints(min_length=2, max_length=64, pattern=rules.USERNAME_PATTERN),
]
Password = Annotated[
    str,
    StringConstraints(min_length=rules.MIN_PASSWORD, max_length=rules.MAX_PASSWORD),
    Field(json_schema_extra={"pattern": r"^[^\x00-\x1f]*$"}),
]
AnyPassword = Annotated[str, StringConstraints(min_length=0, max_length=rules.MAX_PASSWORD)]


class UserCreate(Input):
    username: Username
    password: Password
    role: UserRole
    person_id: Id | None = None


class UserUpdate(Input):
    role: UserRole | None = None
    person_id: Id | None = Field(default=None, description="null keeps; use unlink_person")
    unlink_person: bool = False
    disabled: bool | None = None
    password: Password | None = None


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    role: UserRole
    person_id: int | None
    disabled: bool
    created_at: datetime
    updated_at: datetime


class PasswordChange(Input):
    current_password: AnyPassword
    new_password: Password


class TokenCreate(Input):
    name: Short = ""


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    user_id: int
    name: str
    hint: str
    created_at: datetime
    revoked_at: datetime | None


class TokenIssued(BaseModel):
    token: str = Field(description="The secret: shown this once, send as 'Authorization: Bearer'")
    details: TokenRead
