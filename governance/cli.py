"""The `governance` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer
from sqlmodel import Session

from governance import backup
from governance.accounts.cli import ensure_demo_admin
from governance.app import create_app
from governance.capabilities import CAPABILITIES, install_all
from governance.core.commands import database, fail
from governance.core.settings import Settings
from governance.records.fixtures import FixtureError, is_empty, load_fixtures

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

app = typer.Typer(help="Meeting and event records of the group.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
for capability in CAPABILITIES:
    if capability.cli is not None:
        capability.cli(app)
install_all()  # the audit trail and visibility hold for commands as for requests

Host = Annotated[str, typer.Option(help="Address to listen on.")]
Port = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]


def _shown_url(settings: Settings) -> str:
    return sa.make_url(settings.effective_database_url).render_as_string(hide_password=True)


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def serve(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Serve the web pages and the JSON API (the database must be migrated: `db upgrade`)."""
    _serve(Settings.from_env(), host, port)


@app.command()
def demo(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Create or migrate the database, load the newsletter fixtures if it is empty, and serve."""
    settings = Settings.from_env()
    with database(settings) as engine, Session(engine) as session:
        if is_empty(session):
            try:
                report = load_fixtures(session, [FIXTURES])
            except FixtureError as exc:
                raise fail(str(exc)) from exc
            typer.echo(f"Loaded demo records: {sum(report.created.values())} created.")
        password = ensure_demo_admin(engine)
    typer.echo(f"Database: {_shown_url(settings)}")
    typer.echo(
        f"Open http://{host}:{port}/ (API: http://{host}:{port}/api/v1/events, "
        f"docs: http://{host}:{port}/schema/swagger)"
    )
    # On stderr, so that logs of stdout do not keep the password.
    if password:
        typer.echo(f"Log in at http://{host}:{port}/login as admin, password: {password}", err=True)
    else:
        typer.echo(
            "Log in as admin (`governance users reset-password admin` if forgotten)", err=True
        )
    _serve(settings, host, port)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the latest schema."""
    settings = Settings.from_env()
    with database(settings):
        typer.echo(f"Database at the latest schema: {_shown_url(settings)}")


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="YAML files or folders of them.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "--check", help="Validate only.")] = False,
) -> None:
    """Load fixture files; loading again changes nothing, edited files update in place."""
    with database() as engine, Session(engine) as session:
        try:
            report = load_fixtures(session, paths, dry_run=dry_run)
        except FixtureError as exc:
            raise fail(str(exc)) from exc
    typer.echo(f"{'record':<14}{'created':>9}{'updated':>9}{'unchanged':>11}")
    for kind, created, updated, unchanged in report.rows():
        typer.echo(f"{kind:<14}{created:>9}{updated:>9}{unchanged:>11}")
    if dry_run:
        typer.echo("Dry run: nothing was written.")


@app.command("export")
def export_(
    file: Annotated[Path, typer.Argument(help="Where to write the JSON ('-' for stdout).")],
) -> None:
    """Write the whole database as one JSON document."""
    with database(migrate=False) as engine:
        text = backup.export_json(engine)
    if str(file) == "-":
        typer.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        typer.echo(f"Exported to {file}")


@app.command()
def restore(file: Annotated[Path, typer.Argument(help="A file written by `export`.")]) -> None:
    """Restore an export into an empty database (created and migrated if needed)."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{file}: cannot read JSON: {exc}") from exc
    with database() as engine:
        try:
            counts = backup.restore_database(engine, document)
        except backup.RestoreError as exc:
            raise fail(f"{file}: {exc}") from exc
    typer.echo(f"Restored {sum(counts.values())} rows from {file}")


def main() -> None:
    app()
