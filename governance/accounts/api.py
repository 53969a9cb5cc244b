"""JSON API of accounts: /api/v1/users (admin) and /api/v1/users/me (every signed-in user)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody, PathParameter

from governance.accounts import service
from governance.accounts.middleware import user_of
from governance.accounts.schemas import (
    PasswordChange,
    TokenCreate,
    TokenIssued,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from governance.core.columns import utcnow
from governance.core.errors import Invalid
from governance.core.types import MAX_ID
from governance.core.web import DbSession, ItemId

SYNC: dict[str, Any] = {"sync_to_thread": True, "raises": [NotFoundException]}
OWN: dict[str, Any] = {"permission": "own"}  # one's own account, whatever one's role
TokenId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="Token id")]


# --- the signed-in user ----------------------------------------------------------------------
@get("/me", tags=["users"], operation_id="read_users_me", opt=OWN, **SYNC)
def read_me(request: Request[Any, Any, Any], db_session: DbSession) -> UserRead:
    """The signed-in user."""
    return UserRead.model_validate(service.get_user(db_session, user_of(request).user_id))


@post(
    "/me/password",
    tags=["users"],
    operation_id="change_users_me_password",
    status_code=200,
    opt=OWN,
    **SYNC,
)
def change_my_password(
    request: Request[Any, Any, Any], db_session: DbSession, data: JSONBody[PasswordChange]
) -> UserRead:
    """Change one's own password (the current one is asked); other login sessions end."""
    user = service.get_user(db_session, user_of(request).user_id)
    if not service.check_password(user, data.current_password):
        raise Invalid("current_password", "current_password_wrong")
    return UserRead.model_validate(service.set_password(db_session, user, data.new_password))


@get("/me/tokens", tags=["users"], operation_id="list_users_me_tokens", opt=OWN, **SYNC)
def list_my_tokens(request: Request[Any, Any, Any], db_session: DbSession) -> list[TokenRead]:
    """One's own API tokens, revoked ones included (their secrets are never shown again)."""
    rows = service.list_tokens(db_session, user_of(request).user_id)
    return [TokenRead.model_validate(row) for row in rows]


@post("/me/tokens", tags=["users"], operation_id="create_users_me_tokens", opt=OWN, **SYNC)
def create_my_token(
    request: Request[Any, Any, Any], db_session: DbSession, data: JSONBody[TokenCreate]
) -> TokenIssued:
    """A new API token for scripts; its secret is in this answer only."""
    user = service.get_user(db_session, user_of(request).user_id)
    row, secret = service.create_token(db_session, user, data.name)
    return TokenIssued(token=secret, details=TokenRead.model_validate(row))


@post(
    "/me/tokens/{token_id:int}/revoke",
    tags=["users"],
    operation_id="revoke_users_me_tokens",
    status_code=200,
    opt=OWN,
    **SYNC,
)
def revoke_my_token(
    request: Request[Any, Any, Any], db_session: DbSession, token_id: TokenId
) -> TokenRead:
    """Revoke one of one's own tokens: it stops working at once."""
    row = service.revoke_token(db_session, user_of(request).user_id, token_id, utcnow())
    return TokenRead.model_validate(row)


# --- administration (admin only: see rules.access_for) ---------------------------------------
@get("/", tags=["users"], operation_id="list_users", **SYNC)
def list_users(db_session: DbSession) -> list[UserRead]:
    return [UserRead.model_validate(u) for u in service.list_users(db_session)]


@post("/", tags=["users"], operation_id="create_users", **SYNC)
def create_user(db_session: DbSession, data: JSONBody[UserCreate]) -> UserRead:
    user = service.create_user(
        db_session,
        username=data.username,
        password=data.password,
        role=data.role,
        person_id=data.person_id,
    )
    return UserRead.model_validate(user)


@get("/{item_id:int}", tags=["users"], operation_id="read_users", **SYNC)
def read_user(db_session: DbSession, item_id: ItemId) -> UserRead:
    return UserRead.model_validate(service.get_user(db_session, item_id))


@patch("/{item_id:int}", tags=["users"], operation_id="update_users", **SYNC)
def update_user(db_session: DbSession, item_id: ItemId, data: JSONBody[UserUpdate]) -> UserRead:
    """Change role, linked person, disabled (which ends their sessions) or password."""
    user = service.get_user(db_session, item_id)
    person: int | bool | None = False
    if data.unlink_person:
        person = None
    elif data.person_id is not None:
        person = data.person_id
    user = service.update_user(
        db_session, user, role=data.role, person_id=person, disabled=data.disabled
    )
    if data.password is not None:
        user = service.set_password(db_session, user, data.password)
    return UserRead.model_validate(user)


@get("/{item_id:int}/tokens", tags=["users"], operation_id="list_users_tokens", **SYNC)
def list_user_tokens(db_session: DbSession, item_id: ItemId) -> list[TokenRead]:
    service.get_user(db_session, item_id)
    return [TokenRead.model_validate(r) for r in service.list_tokens(db_session, item_id)]


@post(
    "/{item_id:int}/tokens/{token_id:int}/revoke",
    tags=["users"],
    operation_id="revoke_users_tokens",
    status_code=200,
    **SYNC,
)
def revoke_user_token(db_session: DbSession, item_id: ItemId, token_id: TokenId) -> TokenRead:
    return TokenRead.model_validate(service.revoke_token(db_session, item_id, token_id, utcnow()))


def users_router() -> Router:
    return Router(
        path="/api/v1/users",
        opt={"permission": "admin"},  # one's own account (/me…) says "own" on its handlers
        route_handlers=[
            read_me,
            change_my_password,
            list_my_tokens,
            create_my_token,
            revoke_my_token,
            list_users,
            create_user,
            read_user,
            update_user,
            list_user_tokens,
            revoke_user_token,
        ],
    )
