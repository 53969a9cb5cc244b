"""HTTP of the calendar: feed subscriptions (JSON), feed bodies and one event as a file.

Feed bodies are served from an async handler: a conditional request that the validator cache
can answer never leaves the event loop; anything else is built in a worker thread.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, cast

import anyio.to_thread
from litestar import Litestar, Request, Response, Router, get, patch, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.types import Receive, Scope, Send
from sqlmodel import Session

from governance.calendar import http, rules, service
from governance.calendar.loading import TaskSource, no_tasks
from governance.calendar.models import CalendarFeed
from governance.calendar.schemas import FeedCreate, FeedIssued, FeedRead, FeedUpdate
from governance.core import crud
from governance.core.access import sees_everything
from governance.core.errors import DomainError, NotFound
from governance.core.settings import Settings
from governance.core.types import Page
from governance.core.web import DbSession, ItemId, Limit, Offset, OptionalId

SYNC: dict[str, Any] = {"sync_to_thread": True}
FeedFile = Annotated[
    str,
    PathParameter(
        description="The feed's token followed by .ics",
        pattern=rules.FEED_FILE_PATTERN,
        max_length=rules.FEED_FILE_MAX,
    ),
]


def base_url(request: Request[Any, Any, Any]) -> str:
    settings: Settings = request.app.state.settings
    return settings.public_url or str(request.base_url).rstrip("/")


def validator_cache(state: State) -> http.ValidatorCache:
    cache = state.get("feed_validators")
    if cache is None:
        settings: Settings = state.settings
        cache = state["feed_validators"] = http.ValidatorCache(settings.feed_cache_seconds)
    return cache


def _calendar_response(
    request: Request[Any, Any, Any], body: service.FeedBody, filename: str | None = None
) -> Response[bytes]:
    headers = http.validator_headers(body.etag, body.last_modified)
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if http.not_modified(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        body.etag,
        body.last_modified,
    ):
        return Response(b"", status_code=304, headers=headers)
    if not body.body:  # never a 200 without a calendar: clients would delete every event
        raise RuntimeError("refusing to send an empty calendar")
    return Response(body.body, status_code=200, headers=headers, media_type=http.MEDIA_TYPE)


def _issued(request: Request[Any, Any, Any], session: Session, feed: Any, token: str) -> FeedIssued:
    url = service.feed_url(base_url(request), token)
    return FeedIssued(
        feed=service.feed_read(session, feed),
        token=token,
        url=url,
        webcal_url=rules.webcal_url(url),
    )


# --- subscriptions (JSON) --------------------------------------------------------------------
@get("/", tags=["feeds"], operation_id="list_feeds", **SYNC)
def list_feeds(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    owner_id: OptionalId = None,
    include_revoked: Annotated[bool, QueryParameter(description="List revoked feeds too")] = False,
) -> Page[FeedRead]:
    """Feeds, oldest first (their tokens are never shown again after creation)."""
    rows, total = service.list_feeds(db_session, owner_id, include_revoked, limit, offset)
    items = [service.feed_read(db_session, row) for row in rows]
    return Page[FeedRead](items=items, total=total, limit=limit, offset=offset)


@post("/", tags=["feeds"], operation_id="create_feeds", **SYNC)
def create_feed(
    request: Request[Any, Any, Any], db_session: DbSession, data: JSONBody[FeedCreate]
) -> FeedIssued:
    """A new feed; the answer holds its URL, which is shown this once."""
    who = request.scope.get("user")
    creator = None if who is None else service.FeedCreator(who.person_id, sees_everything(who.role))
    feed, token = service.create_feed(db_session, data, service.now_utc(), creator)
    return _issued(request, db_session, feed, token)


@get("/{item_id:int}", tags=["feeds"], operation_id="read_feeds", **SYNC)
def read_feed(db_session: DbSession, item_id: ItemId) -> FeedRead:
    return service.feed_read(db_session, crud.get_or_404(db_session, CalendarFeed, item_id, "feed"))


@patch("/{item_id:int}", tags=["feeds"], operation_id="update_feeds", **SYNC)
def update_feed(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    item_id: ItemId,
    data: JSONBody[FeedUpdate],
) -> FeedRead:
    """Change what a feed shows; its URL stays."""
    feed = service.update_feed(db_session, item_id, data, service.now_utc())
    validator_cache(request.app.state).drop(service.token_hashes(db_session, item_id))
    return service.feed_read(db_session, feed)


@post("/{item_id:int}/rotate", tags=["feeds"], operation_id="rotate_feeds", status_code=200, **SYNC)
def rotate_feed(
    request: Request[Any, Any, Any], db_session: DbSession, item_id: ItemId
) -> FeedIssued:
    """A new URL for the feed; the old one answers 410 Gone from now on."""
    feed, token = service.rotate_feed(db_session, item_id, service.now_utc())
    validator_cache(request.app.state).drop(service.token_hashes(db_session, item_id))
    return _issued(request, db_session, feed, token)


@post("/{item_id:int}/revoke", tags=["feeds"], operation_id="revoke_feeds", status_code=200, **SYNC)
def revoke_feed(
    request: Request[Any, Any, Any], db_session: DbSession, item_id: ItemId
) -> FeedRead:
    """Stop the feed: its URLs answer 410 Gone, so clients remove the calendar."""
    feed = service.revoke_feed(db_session, item_id, service.now_utc())
    validator_cache(request.app.state).drop(service.token_hashes(db_session, item_id))
    return service.feed_read(db_session, feed)


# --- calendar files --------------------------------------------------------------------------
@get(
    "/api/v1/events/{item_id:int}/ics",
    tags=["events"],
    operation_id="read_events_ics",
    opt={"permission": "records"},
    summary="One event as an iCalendar file (also at /api/v1/events/{id}.ics)",
    media_type="text/calendar",
    raises=[NotFoundException],
    **SYNC,
)
def event_file(
    request: Request[Any, Any, Any], db_session: DbSession, item_id: ItemId
) -> Response[bytes]:
    """The event as text/calendar, with a strong ETag; 304 on a matching If-None-Match."""
    body = service.build_event_file(db_session, item_id, base_url(request), service.now_utc())
    return _calendar_response(request, body, filename=f"event-{item_id}.ics")


def _feed_error(error: DomainError) -> Response[Any]:
    """A feed URL refused, in the error shape of every answer (code, message, detail)."""
    return Response(
        error.body(),
        status_code=error.status_code,
        headers=http.COMMON_HEADERS,
        media_type="application/json",
    )


def feed_file_handler(task_source: TaskSource) -> Any:
    @get(
        "/feeds/{name:str}",
        tags=["feeds"],
        operation_id="read_feed_file",
        summary="A subscription feed (text/calendar); the URL's token is the only credential",
        media_type="text/calendar",
        opt={"permission": "public"},
    )
    async def feed_file(request: Request[Any, Any, Any], name: FeedFile) -> Response[Any]:
        token = rules.token_from_feed_path(name)
        if token is None:
            return _feed_error(service.FeedUnknown())
        key = rules.hash_token(token)
        cache = validator_cache(request.app.state)
        known = cache.get(key)
        if known is not None:
            none_match, modified_since = http.conditional_headers(request.scope["headers"])
            if http.not_modified(none_match, modified_since, known.etag, known.last_modified):
                return Response(b"", status_code=304, headers=known.headers)
        engine = request.app.state.engine
        url = base_url(request)

        def build() -> service.FeedBody | Response[Any]:
            with Session(engine, expire_on_commit=False) as session:
                try:
                    feed = service.feed_for_token(session, token)
                except NotFound:
                    return _feed_error(service.FeedUnknown())
                except service.Gone as exc:
                    cache.drop([key])
                    return _feed_error(exc)
                return service.build_feed(session, feed, url, service.now_utc(), task_source)

        built = await anyio.to_thread.run_sync(build)
        if isinstance(built, Response):
            return built
        cache.put(key, built.etag, built.last_modified)
        return _calendar_response(request, built)

    return feed_file


# --- /api/v1/events/{id}.ics -----------------------------------------------------------------
_ICS_SUFFIX = re.compile(r"^(?P<prefix>.*/api/v1/events/)(?P<id>\d{1,10})\.ics$")


def serve_event_ics_suffix(app: Litestar) -> None:
    """Serve /api/v1/events/{id}.ics, the path calendar users expect.

    Litestar matches whole path segments only, and /api/v1/events/{id} is the JSON record, so
    "12.ics" cannot be declared as a route. Requests for it are passed to
    /api/v1/events/12/ics (documented in OpenAPI) before routing.
    """
    inner = app.asgi_handler

    async def rewrite(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (match := _ICS_SUFFIX.match(scope["path"])):
            scope = cast("Scope", {**scope, "path": f"{match['prefix']}{match['id']}/ics"})
        await inner(scope, receive, send)

    app.asgi_handler = rewrite


def calendar_router(task_source: TaskSource | None = None) -> Router:
    """Every calendar route: /api/v1/feeds, /feeds/{token}.ics, /api/v1/events/{id}/ics."""
    http.install_log_redaction()
    feeds = Router(
        path="/api/v1/feeds",
        opt={"permission": "own"},
        route_handlers=[list_feeds, create_feed, read_feed, update_feed, rotate_feed, revoke_feed],
    )
    return Router(
        path="/",
        route_handlers=[feeds, event_file, feed_file_handler(task_source or no_tasks)],
    )
