"""Who gets in: anonymous requests, roles, API tokens, login sessions, back-off and CSRF."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from litestar import get
from litestar.testing import TestClient
from sqlmodel import Session

from governance.accounts import service, visibility
from governance.accounts.models import LoginThrottle
from governance.app import create_app
from governance.core.context import current_actor
from governance.core.settings import Settings
from tests.accounts.auth import PASSWORD, ensure_user
from tests.factories import make_event, make_person

Client = TestClient  # type: ignore[type-arg]
EVENT = {"kind": "congress", "title": "集团召开三届一次职工代表大会", "start": "2021-01-22"}


def csrf_of(client: Client, path: str = "/login") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, page.text
    return match.group(1)


def log_in(client: Client, username: str, password: str = PASSWORD, next_: str = "/") -> Any:
    token = csrf_of(client)
    return client.post(
        "/login",
        data={"username": username, "password": password, "next": next_, "_csrf_token": token},
        follow_redirects=False,
    )


# --- anonymous -------------------------------------------------------------------------------
def test_anonymous_api_read_answers_401_naming_what_is_missing(anonymous_client: Client) -> None:
    response = anonymous_client.get("/api/v1/events")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_anonymous_write_answers_401(anonymous_client: Client) -> None:
    assert anonymous_client.post("/api/v1/events", json=EVENT).status_code == 401
    assert anonymous_client.post("/logout").status_code == 401


def test_anonymous_page_redirects_to_login_keeping_the_target(anonymous_client: Client) -> None:
    response = anonymous_client.get("/events?q=大会", follow_redirects=False)
    assert response.status_code == 303
    # next= is the requested address (its query still percent-encoded), encoded once more
    assert (
        response.headers["location"] == "/login?next=%2Fevents%3Fq%3D%25E5%25A4%25A7%25E4%25BC%259A"
    )


def test_login_page_and_assets_are_open(anonymous_client: Client) -> None:
    page = anonymous_client.get("/login")
    assert page.status_code == 200
    assert "登录" in page.text and 'name="_csrf_token"' in page.text
    assert anonymous_client.get("/static/app.css").status_code == 200


def test_the_openapi_document_needs_a_login(anonymous_client: Client, client: Client) -> None:
    assert anonymous_client.get("/schema/openapi.json").status_code == 401
    assert client.get("/schema/openapi.json").status_code == 200


def test_malformed_authorization_is_refused(anonymous_client: Client) -> None:
    response = anonymous_client.get("/api/v1/events", headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 401
    assert response.json()["code"] == "bearer_malformed"
    assert "Bearer" in response.json()["detail"]


# --- roles -----------------------------------------------------------------------------------
def test_viewer_reads_but_may_not_write(client_as: Callable[..., Client]) -> None:
    viewer = client_as("viewer")
    assert viewer.get("/api/v1/events").status_code == 200
    response = viewer.post("/api/v1/events", json=EVENT)
    assert response.status_code == 403
    assert response.json()["code"] == "role_editor_required"
    assert response.json()["message"] == "需要秘书处或系统管理员角色"
    assert response.json()["detail"] == "secretariat or admin role required"


def test_secretariat_writes_records_but_not_users(client_as: Callable[..., Client]) -> None:
    secretariat = client_as("secretariat")
    assert secretariat.post("/api/v1/events", json=EVENT).status_code == 201
    response = secretariat.get("/api/v1/users")
    assert response.status_code == 403
    assert (response.json()["code"], response.json()["message"]) == (
        "role_admin_required",
        "需要系统管理员角色",
    )
    assert response.json()["detail"] == "admin role required"


def test_communications_and_leaders_may_not_edit(client_as: Callable[..., Client]) -> None:
    for role in ("communications", "leader"):
        assert client_as(role).post("/api/v1/events", json=EVENT).status_code == 403


# --- API tokens ------------------------------------------------------------------------------
def test_revoked_token_stops_working_at_once(client_as: Callable[..., Client]) -> None:
    viewer = client_as("viewer")
    issued = viewer.post("/api/v1/users/me/tokens", json={"name": "脚本"})
    assert issued.status_code == 201
    secret = issued.json()["token"]
    headers = {"Authorization": f"Bearer {secret}"}
    assert viewer.get("/api/v1/users/me", headers=headers).json()["username"] == "viewer"
    listed = viewer.get("/api/v1/users/me/tokens").json()
    assert [t["name"] for t in listed] == ["tests", "脚本"]
    assert all(secret not in str(t) for t in listed)
    token_id = issued.json()["details"]["id"]
    assert viewer.post(f"/api/v1/users/me/tokens/{token_id}/revoke").status_code == 200
    response = viewer.get("/api/v1/users/me", headers=headers)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_user_cannot_revoke_anothers_token(client_as: Callable[..., Client]) -> None:
    viewer, other = client_as("viewer"), client_as("leader")
    token_id = other.post("/api/v1/users/me/tokens", json={}).json()["details"]["id"]
    assert viewer.post(f"/api/v1/users/me/tokens/{token_id}/revoke").status_code == 404


def test_admin_manages_users(client: Client, session: Session) -> None:
    person = make_person(session, "谭相彦")
    created = client.post(
        "/api/v1/users",
        json={
            "username": "tan",
            "password": "a long password",
            "role": "leader",
            "person_id": person.id,
        },
    )
    assert created.status_code == 201, created.text
    user = created.json()
    assert (user["username"], user["role"], user["person_id"]) == ("tan", "leader", person.id)
    assert "password" not in str(user)
    taken = client.post(
        "/api/v1/users",
        json={"username": "tan", "password": "a long password", "role": "viewer"},
    )
    assert (taken.status_code, taken.json()["code"]) == (409, "username_taken")
    assert taken.json()["detail"] == "username: tan already exists"
    short = client.post(
        "/api/v1/users", json={"username": "li", "password": "short", "role": "viewer"}
    )
    assert short.status_code == 400
    assert "password" in short.json()["detail"]
    changed = client.patch(f"/api/v1/users/{user['id']}", json={"role": "viewer", "disabled": True})
    assert (changed.json()["role"], changed.json()["disabled"]) == ("viewer", True)
    names = [u["username"] for u in client.get("/api/v1/users").json()]
    assert names == ["tan", "test-admin"]


def test_disabled_user_is_refused(
    client: Client, engine: sa.Engine, client_as: Callable[..., Client]
) -> None:
    viewer = client_as("viewer")
    user_id = client.get("/api/v1/users").json()
    viewer_id = next(u["id"] for u in user_id if u["username"] == "viewer")
    client.patch(f"/api/v1/users/{viewer_id}", json={"disabled": True})
    assert viewer.get("/api/v1/events").status_code == 401


# --- login sessions, CSRF --------------------------------------------------------------------
def test_login_sets_a_session_cookie_for_pages_and_api(
    anonymous_client: Client, engine: sa.Engine
) -> None:
    ensure_user(engine, "wang", "secretariat")
    response = log_in(anonymous_client, "wang", next_="/api/v1/users/me")
    assert response.status_code == 303
    assert response.headers["location"] == "/api/v1/users/me"
    cookie = response.headers["set-cookie"]
    assert "governance_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # http in tests; Secure when GOVERNANCE_PUBLIC_URL is https
    assert anonymous_client.get("/api/v1/users/me").json()["username"] == "wang"
    account = anonymous_client.get("/account")
    assert account.status_code == 200
    assert ">wang</a>" in account.text and "退出" in account.text  # in the page header


def test_session_cookie_is_secure_behind_https(engine: sa.Engine, settings: Settings) -> None:
    ensure_user(engine, "wang", "viewer")
    https = Settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        public_url="https://gov.example.cn",
    )
    with TestClient(create_app(https, engine=engine), base_url="https://testserver.local") as c:
        c.headers.pop("authorization", None)
        cookie = log_in(c, "wang").headers["set-cookie"]
    assert "governance_session=" in cookie and "Secure" in cookie


def test_login_refuses_an_outside_next(anonymous_client: Client, engine: sa.Engine) -> None:
    ensure_user(engine, "wang", "viewer")
    assert log_in(anonymous_client, "wang", next_="//evil.example/x").headers["location"] == "/"


def test_cookie_session_write_needs_the_csrf_token(
    anonymous_client: Client, engine: sa.Engine
) -> None:
    ensure_user(engine, "wang", "secretariat")
    log_in(anonymous_client, "wang")
    refused = anonymous_client.post("/api/v1/events", json=EVENT)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    token = csrf_of(anonymous_client, "/account")
    accepted = anonymous_client.post("/api/v1/events", json=EVENT, headers={"x-csrftoken": token})
    assert accepted.status_code == 201
    form = anonymous_client.post("/account/tokens", data={"name": "x", "_csrf_token": token})
    assert form.status_code == 200 and "gov_" in form.text
    assert anonymous_client.post("/account/tokens", data={"name": "x"}).status_code == 403


def test_login_form_itself_needs_the_csrf_token(
    anonymous_client: Client, engine: sa.Engine
) -> None:
    ensure_user(engine, "wang", "viewer")
    anonymous_client.get("/login")
    response = anonymous_client.post("/login", data={"username": "wang", "password": PASSWORD})
    assert response.status_code == 403


def test_bearer_requests_need_no_csrf_token(client: Client) -> None:
    client.get("/login")  # the CSRF cookie is now set, yet a script needs no token
    assert client.post("/api/v1/events", json=EVENT).status_code == 201


def test_logout_ends_the_session(anonymous_client: Client, engine: sa.Engine) -> None:
    ensure_user(engine, "wang", "viewer")
    log_in(anonymous_client, "wang")
    stolen = anonymous_client.cookies.get("governance_session")
    token = csrf_of(anonymous_client, "/account")
    out = anonymous_client.post("/logout", data={"_csrf_token": token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    anonymous_client.cookies.set("governance_session", stolen or "")  # replayed after logout
    assert anonymous_client.get("/api/v1/users/me").status_code == 401


def test_wrong_password_is_refused_in_chinese(anonymous_client: Client, engine: sa.Engine) -> None:
    ensure_user(engine, "wang", "viewer")
    response = log_in(anonymous_client, "wang", password="wrong password")
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text
    assert "governance_session" not in response.headers.get("set-cookie", "")


def test_back_off_locks_a_username_after_failures(
    anonymous_client: Client, engine: sa.Engine, settings: Settings
) -> None:
    ensure_user(engine, "wang", "viewer")
    codes = [log_in(anonymous_client, "wang", password="wrong!!!!").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 401]
    locked = log_in(anonymous_client, "wang")  # even the right password waits
    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "30"
    assert "登录失败次数过多，请 30 秒后再试" in locked.text
    # Kept in the database: a restarted server still refuses.
    with TestClient(create_app(settings, engine=engine)) as fresh:
        fresh.headers.pop("authorization", None)
        assert log_in(fresh, "wang").status_code == 429
    with Session(engine) as db:
        row = db.get(LoginThrottle, "wang")
        assert row is not None and row.failures == 5


def test_successful_login_clears_the_failures(session: Session, engine: sa.Engine) -> None:
    ensure_user(engine, "wang", "viewer")
    now = service.utcnow()
    for _ in range(3):
        with contextlib.suppress(service.BadLogin):
            service.login(session, "wang", "nope nope", now)
    assert service.login(session, "wang", PASSWORD, now).username == "wang"
    assert session.get(LoginThrottle, "wang") is None


# --- the request's user reaches the handlers -------------------------------------------------
def test_actor_and_viewer_are_visible_in_sync_handlers(
    engine: sa.Engine, settings: Settings, session: Session
) -> None:
    person = make_person(session, "王吾雪")

    @get("/api/v1/test-whoami", sync_to_thread=True, opt={"permission": "read"})
    def whoami() -> dict[str, Any]:
        viewer = visibility.current_viewer.get()
        return {
            "actor": current_actor.get().username,
            "viewer": None if viewer is None else viewer.person_id,
        }

    app = create_app(settings, engine=engine)
    app.register(whoami)
    _id, token = ensure_user(engine, "wang", "leader", person.id)
    with TestClient(app) as c:
        c.headers["authorization"] = f"Bearer {token}"
        assert c.get("/api/v1/test-whoami").json() == {"actor": "wang", "viewer": person.id}
        c.headers.pop("authorization")
        c.headers.update({"Authorization": "Bearer " + ensure_user(engine, "boss", "admin")[1]})
        assert c.get("/api/v1/test-whoami").json() == {"actor": "boss", "viewer": None}


def test_no_stack_trace_in_error_answers(client: Client, session: Session) -> None:
    @get("/api/v1/test-boom", sync_to_thread=True, opt={"permission": "read"})
    def boom() -> None:
        raise RuntimeError("secret internals")

    app = client.app
    app.register(boom)
    response = client.get("/api/v1/test-boom")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "secret internals" not in response.text
    for path in ("/api/v1/events/999", "/events/999", "/api/v1/events/x"):
        answer = client.get(path)
        assert answer.status_code in (400, 404)
        assert "Traceback" not in answer.text and 'File "' not in answer.text


def test_user_made_by_service_can_log_in(anonymous_client: Client, session: Session) -> None:
    make_event(session)
    service.create_user(session, username="li", password="a good password", role="viewer")
    assert log_in(anonymous_client, "li", password="a good password").status_code == 303
    assert anonymous_client.get("/api/v1/events").json()["total"] == 1
