"""JSON API of elections and resolutions: thin handlers over the elections services."""

from typing import Annotated, Any

from litestar import MediaType, Response, Router, delete, get, patch, post, put
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from governance.core import crud
from governance.core.types import Page
from governance.core.web import DbSession, ItemId, Limit, Offset, OptionalId
from governance.elections import outputs, resolutions, service, tallies
from governance.elections.models import Resolution
from governance.elections.schemas import (
    CertifyIn,
    ElectionCreate,
    ElectionRead,
    ElectionSummary,
    ElectionUpdate,
    PresetName,
    PresetRead,
    ResolutionCreate,
    ResolutionRead,
    ResolutionUpdate,
    TallyIn,
    TallyRead,
)

ELECTIONS: dict[str, Any] = {"sync_to_thread": True, "tags": ["elections"]}
RESOLUTIONS: dict[str, Any] = {"sync_to_thread": True, "tags": ["resolutions"]}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WithCounts = Annotated[
    bool, QueryParameter(description="Print each name's for-votes after it (票数)")
]


def _read(db_session: DbSession, election_id: int) -> ElectionRead:
    return service.election_read(db_session, service.get_election(db_session, election_id))


# --- elections -------------------------------------------------------------------------------
@get("/procedures", operation_id="list_election_procedures", **ELECTIONS)
def list_procedures(key: FromQuery[PresetName | None] = None) -> list[PresetRead]:
    """The preset vote procedures (Party, trade union, Youth League, workers' congress)."""
    return [p for p in service.presets() if key is None or p.key == key]


@get("/", operation_id="list_elections", **ELECTIONS)
def list_elections(
    db_session: DbSession, limit: Limit = 50, offset: Offset = 0, event_id: OptionalId = None
) -> Page[ElectionSummary]:
    items, total = service.list_elections(db_session, event_id, limit, offset)
    return Page[ElectionSummary](items=items, total=total, limit=limit, offset=offset)


@get("/{item_id:int}", operation_id="read_elections", **ELECTIONS)
def read_election(db_session: DbSession, item_id: ItemId) -> ElectionRead:
    """An election with its event, procedure, candidates (stroke order), count and result."""
    return _read(db_session, item_id)


@post("/", operation_id="create_elections", **ELECTIONS)
def create_election(db_session: DbSession, data: JSONBody[ElectionCreate]) -> ElectionRead:
    """Set up an election at an event, with its candidates and officers."""
    return _read(db_session, service.create_election(db_session, data).id or 0)


@patch("/{item_id:int}", operation_id="update_elections", **ELECTIONS)
def update_election(
    db_session: DbSession, item_id: ItemId, data: JSONBody[ElectionUpdate]
) -> ElectionRead:
    """Change an election; after the count only title, notes, key and sample may change."""
    return _read(db_session, service.update_election(db_session, item_id, data).id or 0)


@delete(
    "/{item_id:int}",
    operation_id="delete_elections",
    status_code=HTTP_204_NO_CONTENT,
    **ELECTIONS,
)
def delete_election(db_session: DbSession, item_id: ItemId) -> None:
    """Delete an election that has no certified result and no later round."""
    service.delete_election(db_session, item_id)


@put("/{item_id:int}/tally", operation_id="enter_election_tally", **ELECTIONS)
def enter_tally(db_session: DbSession, item_id: ItemId, data: JSONBody[TallyIn]) -> ElectionRead:
    """Enter the paper count; until certified it may be entered again. After certification a
    correction needs `correction_reason` and becomes a new version."""
    return _read(db_session, tallies.enter_tally(db_session, item_id, data).id or 0)


@get("/{item_id:int}/tallies", operation_id="list_election_tallies", **ELECTIONS)
def list_tallies(db_session: DbSession, item_id: ItemId) -> list[TallyRead]:
    """Every version of the count, oldest first."""
    return tallies.tally_versions(db_session, item_id)


@post(
    "/{item_id:int}/certify",
    operation_id="certify_election",
    status_code=HTTP_200_OK,
    **ELECTIONS,
)
def certify(db_session: DbSession, item_id: ItemId, data: JSONBody[CertifyIn]) -> ElectionRead:
    """Certify the latest count by a named person; it can no longer change."""
    return _read(db_session, tallies.certify(db_session, item_id, data).id or 0)


@post("/{item_id:int}/rounds", operation_id="create_election_round", **ELECTIONS)
def create_round(db_session: DbSession, item_id: ItemId) -> ElectionRead:
    """Create the round the certified result calls for (re-vote, 另行选举, or re-run)."""
    return _read(db_session, tallies.create_next_round(db_session, item_id).id or 0)


@get(
    "/{item_id:int}/announcement",
    operation_id="election_announcement",
    media_type=MediaType.TEXT,
    **ELECTIONS,
)
def announcement(db_session: DbSession, item_id: ItemId, counts: WithCounts = False) -> str:
    """The result announcement in Chinese: 当选名单 in surname stroke order."""
    return outputs.announcement(tallies.election_document(db_session, item_id), counts=counts)


@get("/{item_id:int}/tally-sheet.docx", operation_id="election_tally_sheet", **ELECTIONS)
def tally_sheet(db_session: DbSession, item_id: ItemId) -> Response[bytes]:
    """The tally sheet (计票结果报告单) as a Word document."""
    content = outputs.tally_sheet_docx(tallies.election_document(db_session, item_id))
    return Response(
        content,
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="election-{item_id}.docx"'},
    )


# --- resolutions -----------------------------------------------------------------------------
@get("/", operation_id="list_resolutions", **RESOLUTIONS)
def list_resolutions(
    db_session: DbSession, limit: Limit = 50, offset: Offset = 0, event_id: OptionalId = None
) -> Page[ResolutionRead]:
    items, total = resolutions.list_resolutions(db_session, event_id, limit, offset)
    return Page[ResolutionRead](items=items, total=total, limit=limit, offset=offset)


@get("/{item_id:int}", operation_id="read_resolutions", **RESOLUTIONS)
def read_resolution(db_session: DbSession, item_id: ItemId) -> ResolutionRead:
    row = crud.get_or_404(db_session, Resolution, item_id, "resolution")
    return resolutions.resolution_read(db_session, row)


@post("/", operation_id="create_resolutions", **RESOLUTIONS)
def create_resolution(db_session: DbSession, data: JSONBody[ResolutionCreate]) -> ResolutionRead:
    """Record a vote on a matter; adopting a document sets its status to adopted."""
    row = resolutions.create_resolution(db_session, data)
    return resolutions.resolution_read(db_session, row)


@patch("/{item_id:int}", operation_id="update_resolutions", **RESOLUTIONS)
def update_resolution(
    db_session: DbSession, item_id: ItemId, data: JSONBody[ResolutionUpdate]
) -> ResolutionRead:
    row = resolutions.update_resolution(db_session, item_id, data)
    return resolutions.resolution_read(db_session, row)


@delete(
    "/{item_id:int}",
    operation_id="delete_resolutions",
    status_code=HTTP_204_NO_CONTENT,
    **RESOLUTIONS,
)
def delete_resolution(db_session: DbSession, item_id: ItemId) -> None:
    """Delete a resolution; its document goes back to draft."""
    resolutions.delete_resolution(db_session, item_id)


def elections_router() -> Router:
    return Router(
        path="/api/v1",
        route_handlers=[
            Router(
                path="/elections",
                route_handlers=[
                    list_procedures,
                    list_elections,
                    read_election,
                    create_election,
                    update_election,
                    delete_election,
                    enter_tally,
                    list_tallies,
                    certify,
                    create_round,
                    announcement,
                    tally_sheet,
                ],
            ),
            Router(
                path="/resolutions",
                route_handlers=[
                    list_resolutions,
                    read_resolution,
                    create_resolution,
                    update_resolution,
                    delete_resolution,
                ],
            ),
        ],
    )
