"""`governance feeds ...`: calendar subscriptions from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from governance.calendar import rules, service
from governance.calendar.export import SHANGHAI
from governance.calendar.models import FeedScope
from governance.calendar.schemas import FeedCreate
from governance.calendar.wording import load_wording
from governance.core.commands import command_session, fail
from governance.core.errors import DomainError
from governance.core.settings import Settings
from governance.records.models import EventKind

feeds_app = typer.Typer(help="Calendar feeds that leaders subscribe to.", no_args_is_help=True)

LOCAL_URL = "http://127.0.0.1:8000"


def _base_url(settings: Settings, given: str | None) -> str:
    return (given or settings.public_url or LOCAL_URL).rstrip("/")


def _print_urls(base: str, token: str) -> None:
    url = service.feed_url(base, token)
    typer.echo(f"https:  {url}")
    typer.echo(f"webcal: {rules.webcal_url(url)}")
    if not url.startswith("https://"):
        typer.echo("note: set GOVERNANCE_PUBLIC_URL to the https address calendar apps reach.")
    typer.echo("The URL is shown only now (only its hash is kept): whoever has it sees the feed.")


BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="Address in the URL (default GOVERNANCE_PUBLIC_URL)."),
]


@feeds_app.command("create")
def create(
    person: Annotated[str, typer.Option("--person", help="Owner: a person's name or id.")],
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Only this organiser's events.")
    ] = None,
    kind: Annotated[
        list[EventKind] | None, typer.Option("--kind", help="Only these kinds (repeatable).")
    ] = None,
    scope: Annotated[
        FeedScope | None,
        typer.Option(help="person: own events and tasks; all: everything the owner may see."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Calendar name in the client.")] = None,
    tasks: Annotated[bool, typer.Option("--tasks/--no-tasks", help="Follow-up tasks.")] = True,
    deadline_events: Annotated[
        bool, typer.Option("--deadline-events", help="Task deadlines as all-day events too.")
    ] = False,
    alarm: Annotated[
        int | None, typer.Option(min=0, max=10080, help="Reminder, minutes before.")
    ] = None,
    history_days: Annotated[
        int | None, typer.Option(min=1, max=36500, help="Leave out older events.")
    ] = None,
    base_url: BaseUrl = None,
) -> None:
    """Create a feed for a person and print its URL (https, and webcal to click)."""
    settings = Settings.from_env()
    with command_session(settings) as session:
        try:
            owner = service.find_person(session, person)
            org = service.find_organisation(session, organisation) if organisation else None
            data = FeedCreate(
                owner_id=owner.id or 0,
                organisation_id=org.id if org else None,
                kinds=kind or None,
                scope=scope,
                name=name,
                include_tasks=tasks,
                deadline_events=deadline_events,
                alarm_minutes=alarm,
                history_days=history_days,
            )
            feed, token = service.create_feed(session, data, service.now_utc())
            shown = service.display_name(session, feed, load_wording())
        except DomainError as exc:
            raise fail(exc.detail) from exc
        typer.echo(f"Feed {feed.id} for {owner.name}: {shown}")
        _print_urls(_base_url(settings, base_url), token)


@feeds_app.command("list")
def list_(
    person: Annotated[str | None, typer.Option("--person", help="Only this owner's.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Revoked feeds too.")] = False,
) -> None:
    """List feeds: id, owner, what they show, state (URLs cannot be shown again)."""
    settings = Settings.from_env()
    with command_session(settings) as session:
        try:
            owner_id = service.find_person(session, person).id if person else None
        except DomainError as exc:
            raise fail(exc.detail) from exc
        rows, total = service.list_feeds(session, owner_id, all_, limit=10_000, offset=0)
        typer.echo(f"{'id':>5}  {'owner':<8}{'state':<10}{'created':<18}name")
        for feed in rows:
            read = service.feed_read(session, feed)
            state = "revoked" if feed.revoked_at else "active"
            created = read.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
            typer.echo(
                f"{read.id:>5}  {read.owner_name:<8}{state:<10}{created:<18}{read.display_name}"
            )
        typer.echo(f"{total} feed{'s' if total != 1 else ''}")


TokenOrId = Annotated[str, typer.Argument(help="The feed's id, its token, or its whole URL.")]


@feeds_app.command("revoke")
def revoke(token_or_id: TokenOrId) -> None:
    """Revoke a feed: its URLs answer 410 Gone, so calendar apps drop it."""
    settings = Settings.from_env()
    with command_session(settings) as session:
        try:
            feed = service.find_feed(session, token_or_id)
            feed = service.revoke_feed(session, feed.id or 0, service.now_utc())
        except DomainError as exc:
            raise fail(exc.detail) from exc
        typer.echo(f"Feed {feed.id} revoked: its URLs now answer 410 Gone.")


@feeds_app.command("rotate")
def rotate(token_or_id: TokenOrId, base_url: BaseUrl = None) -> None:
    """Give a feed a new URL (e.g. after the old one leaked); the old URL answers 410 Gone."""
    settings = Settings.from_env()
    with command_session(settings) as session:
        try:
            feed = service.find_feed(session, token_or_id)
            feed, token = service.rotate_feed(session, feed.id or 0, service.now_utc())
        except DomainError as exc:
            raise fail(exc.detail) from exc
        typer.echo(f"Feed {feed.id} has a new URL; the old one answers 410 Gone.")
        _print_urls(_base_url(settings, base_url), token)
