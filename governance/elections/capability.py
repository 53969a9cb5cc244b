"""Elections' declaration: elections, tallies and resolutions; their fixture section and the
sentences they add to a brief."""

from __future__ import annotations

from typing import Any

import typer
from sqlmodel import Session

from governance.core.plugin import Capability, EventChild, guarded
from governance.elections import models, service
from governance.elections import resolutions as resolutions_service
from governance.elections.api import elections_router
from governance.elections.briefs import election_sentences
from governance.elections.cli import elections_app
from governance.elections.fixtures import load_elections
from governance.elections.pages import elections_pages


def _elections(session: Session, event_id: int, **_: Any) -> list[Any]:
    """The event page's elections, with their results."""
    items, _total = service.list_elections(session, event_id, 100, 0)
    return [service.election_read(session, service.get_election(session, e.id)) for e in items]


def _resolutions(session: Session, event_id: int, **_: Any) -> list[Any]:
    items, _total = resolutions_service.list_resolutions(session, event_id, 100, 0)
    return list(items)


def _commands(app: typer.Typer) -> None:
    app.add_typer(elections_app, name="elections")


CAPABILITY = Capability(
    name="elections",
    routes=lambda _settings: [guarded("records", elections_router(), elections_pages())],
    cli=_commands,
    tables=[models],
    audit_parents={
        "election_candidate": ("election", "election_id"),
        "election_officer": ("election", "election_id"),
        "election_tally": ("election", "election_id"),
    },
    event_children=[EventChild(models.Election), EventChild(models.Resolution)],
    brief_sections=[election_sentences],
    event_sections={"elections": _elections, "resolutions": _resolutions},
    fixture_sections={"elections": load_elections},
)
