"""The `governance` command, driven with typer's CliRunner against the test database."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from sqlmodel import Session, select
from typer.testing import CliRunner, Result

import governance.cli
import governance.core.commands
from governance import backup
from governance.cli import app
from governance.core.db import engine_from_settings, make_engine
from governance.core.settings import Settings
from governance.records.models import (
    Event,
    Organisation,
    OrganisationKind,
    Person,
    Post,
    StandingBody,
    Tenure,
)
from tests.database import empty_database, reset_postgres_schema

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KINDS = {
    "organisation": Organisation,
    "post": Post,
    "person": Person,
    "tenure": Tenure,
    "body": StandingBody,
    "event": Event,
}
HEADER = "record          created  updated  unchanged"

Cli = Callable[..., Result]


@pytest.fixture
def engines_made(monkeypatch: pytest.MonkeyPatch) -> list[sa.Engine]:
    """Every engine the commands build (governance.core.commands.engine_from_settings, recorded)."""
    made: list[sa.Engine] = []

    def recording(settings: Settings) -> sa.Engine:
        made.append(engine_from_settings(settings))
        return made[-1]

    monkeypatch.setattr(governance.core.commands, "engine_from_settings", recording)
    return made


@pytest.fixture
def cli(settings: Settings, tmp_path: Path, engines_made: list[sa.Engine]) -> Cli:
    """Run `governance ARGS` with the test database (or `url`) in the environment.

    The commands never dispose the engine they build (see
    test_commands_close_their_database_connections), so their pooled connections would stay
    open until garbage collection, where psycopg warns (an error in this suite): close them here.
    """
    runner = CliRunner()

    def invoke(*args: object, url: str | None = None) -> Result:
        env = {
            "GOVERNANCE_DATABASE_URL": url or settings.database_url,
            "GOVERNANCE_DATA_DIR": str(tmp_path),
        }
        try:
            return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        finally:
            while engines_made:
                engines_made.pop().dispose()

    return invoke


@pytest.fixture
def second_database(engine: sa.Engine, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """The URL of an empty database to restore into: a second SQLite file, or on PostgreSQL the
    test database itself, emptied (so export before calling this)."""
    made: list[sa.Engine] = []

    def make() -> str:
        if engine.dialect.name != "sqlite":
            empty_database(engine)
            return engine.url.render_as_string(hide_password=False)
        url = f"sqlite:///{tmp_path / f'second-{len(made)}.db'}"
        made.append(make_engine(url))
        return url

    yield make
    for other in made:
        other.dispose()


def expected_counts(folder: Path) -> dict[str, int]:
    """What a folder of fixtures holds, read from the YAML itself."""
    docs = [
        yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in sorted(folder.glob("*.yaml"))
    ]

    def n(key: str) -> int:
        return sum(len(d.get(key) or []) for d in docs)

    tenures = sum(len(p.get("tenures") or []) for d in docs for p in d.get("people") or [])
    return {
        "organisation": n("organisations"),
        "post": n("posts"),
        "person": n("people"),
        "tenure": tenures,
        "body": n("bodies"),
        "event": n("events"),
    }


def db_counts(engine: sa.Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            kind: session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
            for kind, model in KINDS.items()
        }


def report_table(output: str) -> dict[str, tuple[int, int, int]]:
    """The printed table: kind -> (created, updated, unchanged); the records' kinds come first,
    other features' kinds (if their fixtures are present) after them."""
    lines = output.splitlines()
    start = lines.index(HEADER)
    rows: dict[str, tuple[int, int, int]] = {}
    for line in lines[start + 1 :]:
        kind, *numbers = line.split()
        if len(numbers) != 3 or not all(n.isdigit() for n in numbers):
            break
        rows[kind] = (int(numbers[0]), int(numbers[1]), int(numbers[2]))
    assert list(rows)[: len(KINDS)] == list(KINDS)
    return rows


def records_rows(table: dict[str, tuple[int, int, int]]) -> dict[str, tuple[int, int, int]]:
    return {kind: table[kind] for kind in KINDS}


def nothing_changed(table: dict[str, tuple[int, int, int]]) -> bool:
    return all(created == updated == 0 for created, updated, _ in table.values())


def database_is_empty(engine: sa.Engine) -> bool:
    return all(rows == [] for rows in backup.export_database(engine)["tables"].values())


def export_text(cli: Cli, url: str | None = None) -> str:
    result = cli("export", "-", url=url)
    assert result.exit_code == 0, result.output
    return result.stdout


def copy_fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, folder)
    return folder


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def find(items: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    return next(i for i in items if all(i.get(k) == v for k, v in match.items()))


def new_summary(data: dict[str, Any]) -> None:
    find(data["events"], key="2021-01-22-workers-congress")["summary"] = "改过的摘要。"


# --- db upgrade ---------------------------------------------------------------------------------
def test_db_upgrade_creates_the_schema_and_is_repeatable(
    cli: Cli, engine: sa.Engine, tmp_path: Path
) -> None:
    if engine.dialect.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'new' / 'governance.db'}"
        target = make_engine(url)
    else:
        reset_postgres_schema(engine)  # nothing left: not even alembic_version
        url, target = engine.url.render_as_string(hide_password=False), engine
    try:
        assert "event" not in sa.inspect(target).get_table_names()
        for _ in range(2):
            result = cli("db", "upgrade", url=url)
            assert result.exit_code == 0, result.output
            assert result.stdout == f"Database at the latest schema: {url}\n"
            assert backup.current_revision(target) == backup.head_revision(target) != ""
        tables = set(sa.inspect(target).get_table_names())
        assert {
            "organisation",
            "person",
            "post",
            "tenure",
            "standing_body",
            "event",
            "participation",
            "attendance_group",
            "document",
            "agenda_item",
            "alembic_version",
        } <= tables
    finally:
        if target is not engine:
            target.dispose()


# --- load ---------------------------------------------------------------------------------------
def test_load_prints_the_table_and_creates_the_records(cli: Cli, engine: sa.Engine) -> None:
    expected = expected_counts(FIXTURES)
    assert expected["event"] > 0
    result = cli("load", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == HEADER
    table = report_table(result.stdout)
    assert records_rows(table) == {kind: (n, 0, 0) for kind, n in expected.items()}
    assert all(updated == unchanged == 0 for _, updated, unchanged in table.values())
    assert "Dry run" not in result.stdout
    assert db_counts(engine) == expected


def test_loading_twice_changes_nothing(cli: Cli, engine: sa.Engine) -> None:
    expected = expected_counts(FIXTURES)
    assert cli("load", FIXTURES).exit_code == 0
    before = export_text(cli)
    again = cli("load", FIXTURES)
    assert again.exit_code == 0, again.output
    table = report_table(again.stdout)
    assert records_rows(table) == {kind: (0, 0, n) for kind, n in expected.items()}
    assert nothing_changed(table)
    assert export_text(cli) == before
    assert db_counts(engine) == expected


def test_edited_fixture_updates_records_in_place(
    cli: Cli, engine: sa.Engine, tmp_path: Path
) -> None:
    folder = copy_fixtures(tmp_path)
    expected = expected_counts(folder)
    assert cli("load", folder).exit_code == 0
    with Session(engine) as session:
        event = session.exec(select(Event).where(Event.key == "2021-01-22-workers-congress")).one()
        sun = session.exec(select(Person).where(Person.name == "孙庆贤")).one()
        tenure = session.exec(select(Tenure).where(Tenure.person_id == sun.id)).one()
        assert tenure.ends_on is None
        old_summary = event.summary

    edit_yaml(folder / "events.yaml", new_summary)

    def end_tenure(data: dict[str, Any]) -> None:
        find(data["people"], name="孙庆贤")["tenures"][0]["to"] = date(2021, 12, 31)

    edit_yaml(folder / "people.yaml", end_tenure)
    result = cli("load", folder)
    assert result.exit_code == 0, result.output
    table = report_table(result.stdout)
    assert table["event"] == (0, 1, expected["event"] - 1)
    assert table["tenure"] == (0, 1, expected["tenure"] - 1)
    assert table["person"] == (0, 0, expected["person"])
    assert nothing_changed({k: v for k, v in table.items() if k not in ("event", "tenure")})
    assert db_counts(engine) == expected
    with Session(engine) as session:
        changed = session.get(Event, event.id)
        assert changed is not None and changed.summary == "改过的摘要。" != old_summary
        assert changed.key == "2021-01-22-workers-congress"
        ended = session.get(Tenure, tenure.id)
        assert ended is not None and (ended.person_id, ended.ends_on) == (
            sun.id,
            date(2021, 12, 31),
        )
    third = cli("load", folder)
    assert records_rows(report_table(third.stdout)) == {
        kind: (0, 0, n) for kind, n in expected.items()
    }
    assert nothing_changed(report_table(third.stdout))


def test_dry_run_writes_nothing(cli: Cli, engine: sa.Engine) -> None:
    expected = expected_counts(FIXTURES)
    for flag in ("--dry-run", "--check"):
        result = cli("load", flag, FIXTURES)
        assert result.exit_code == 0, result.output
        assert records_rows(report_table(result.stdout)) == {
            kind: (n, 0, 0) for kind, n in expected.items()
        }
        assert result.stdout.splitlines()[-1] == "Dry run: nothing was written."
        assert database_is_empty(engine)


def test_dry_run_of_an_edit_reports_it_without_writing(cli: Cli, tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path)
    assert cli("load", folder).exit_code == 0
    before = export_text(cli)
    edit_yaml(folder / "events.yaml", new_summary)
    result = cli("load", "--dry-run", folder)
    assert result.exit_code == 0, result.output
    assert report_table(result.stdout)["event"] == (0, 1, expected_counts(folder)["event"] - 1)
    assert export_text(cli) == before


BAD_EVENT = "events:\n  - key: bad\n    kind: other\n    title: 会议\n    start: 2021-01-22\n"
NEW_ORG = "organisations:\n  - name: 新单位\n    kind: external\n"


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (
            NEW_ORG + BAD_EVENT + "    participants:\n      - person: 谭相彦\n        role: 主席\n",
            "events[0].participants[0].role: Input should be '出席'",
        ),
        (
            NEW_ORG + BAD_EVENT + "    organiser: 不存在的单位\n",
            "events[0].organiser: no organisation named '不存在的单位'",
        ),
        (
            NEW_ORG + "events:\n  - key: bad\n    kind: other\n    title: 会议\n",
            "events[0].start: Field required",
        ),
        (
            NEW_ORG + "people:\n  - name: 无名氏\n    tenures:\n      - {post: 董事长}\n",
            "people[0].tenures[0].post: no post '董事长' in that organisation",
        ),
        (NEW_ORG + "events: [\n  - key: bad\n", "not valid YAML: "),
        (None, "no such file or folder"),
    ],
    ids=[
        "wrong-role",
        "unknown-organisation",
        "missing-field",
        "unknown-post",
        "invalid-yaml",
        "no-such-path",
    ],
)
def test_bad_fixture_fails_naming_file_and_field_and_changes_nothing(
    cli: Cli, engine: sa.Engine, tmp_path: Path, content: str | None, field: str
) -> None:
    assert cli("load", FIXTURES).exit_code == 0
    before = export_text(cli)
    folder = copy_fixtures(tmp_path)
    edit_yaml(folder / "events.yaml", new_summary)  # would be written if the load were not atomic
    bad = folder / "zz-bad.yaml" if content is not None else tmp_path / "missing.yaml"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    result = cli("load", folder, *([bad] if content is None else []))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {bad}: {field}"), result.stderr
    assert export_text(cli) == before


def test_bad_fixture_on_an_empty_database_leaves_it_empty(
    cli: Cli, engine: sa.Engine, tmp_path: Path
) -> None:
    folder = copy_fixtures(tmp_path)
    (folder / "zz-bad.yaml").write_text(
        BAD_EVENT + "    organiser: 不存在的单位\n", encoding="utf-8"
    )
    result = cli("load", folder)
    assert result.exit_code == 1
    assert f"{folder / 'zz-bad.yaml'}: events[0].organiser" in result.stderr
    assert database_is_empty(engine)


# --- export and restore -------------------------------------------------------------------------
def test_export_then_restore_into_an_empty_database_gives_the_same_export(
    cli: Cli, tmp_path: Path, second_database: Callable[[], str]
) -> None:
    assert cli("load", FIXTURES).exit_code == 0
    file = tmp_path / "export.json"
    exported = cli("export", file)
    assert exported.exit_code == 0, exported.output
    assert exported.stdout == f"Exported to {file}\n"
    assert file.read_text(encoding="utf-8") == export_text(cli)
    rows = sum(len(r) for r in json.loads(file.read_text(encoding="utf-8"))["tables"].values())
    url = second_database()
    restored = cli("restore", file, url=url)
    assert restored.exit_code == 0, restored.output
    assert restored.stdout == f"Restored {rows} rows from {file}\n"
    assert export_text(cli, url=url) == file.read_text(encoding="utf-8")


def test_export_then_restore_of_records_without_events_gives_the_same_export(
    cli: Cli, tmp_path: Path, second_database: Callable[[], str]
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    for name in ("organisations.yaml", "people.yaml"):
        shutil.copy(FIXTURES / name, records / name)
    assert cli("load", records).exit_code == 0
    file = tmp_path / "export.json"
    assert cli("export", file).exit_code == 0
    document = json.loads(file.read_text(encoding="utf-8"))
    expected = expected_counts(records)
    assert len(document["tables"]["tenure"]) == expected["tenure"] > 0
    rows = sum(len(r) for r in document["tables"].values())
    url = second_database()
    restored = cli("restore", file, url=url)
    assert restored.exit_code == 0, restored.output
    assert restored.stdout == f"Restored {rows} rows from {file}\n"
    assert export_text(cli, url=url) == file.read_text(encoding="utf-8")


def test_export_to_stdout_is_the_json_document(cli: Cli, engine: sa.Engine) -> None:
    assert cli("load", FIXTURES).exit_code == 0
    text = export_text(cli)
    assert text == backup.export_json(engine)
    document = json.loads(text)
    assert document["format"] == "governance-export"
    assert document["schema"] == backup.head_revision(engine)
    assert len(document["tables"]["event"]) == expected_counts(FIXTURES)["event"]


def test_restore_refuses_a_database_that_is_not_empty(cli: Cli, tmp_path: Path) -> None:
    assert cli("load", FIXTURES).exit_code == 0
    file = tmp_path / "export.json"
    assert cli("export", file).exit_code == 0
    result = cli("restore", file)
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: {file}: the database is not empty (table organisation has rows)\n"
    )
    assert export_text(cli) == file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not JSON\n", "cannot read JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"\xff\xfe not utf-8", "cannot read JSON: 'utf-8' codec can't decode"),
        ('{"tables": {}}', 'not a governance export (missing "format": "governance-export")'),
        ("[1, 2, 3]", 'not a governance export (missing "format": "governance-export")'),
        (
            '{"format": "governance-export", "schema": "0000", "tables": {}}',
            "the export is of schema '0000', this program expects '{head}': '0000' is newer "
            "than this program or unknown to it",
        ),
        (None, "cannot read JSON: [Errno 2] No such file or directory"),
    ],
    ids=["not-json", "not-utf8", "no-format", "not-an-object", "other-revision", "no-such-file"],
)
def test_restore_refuses_what_is_not_an_export_of_this_schema(
    cli: Cli, engine: sa.Engine, tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    file = tmp_path / "export.json"
    if isinstance(content, bytes):
        file.write_bytes(content)
    elif content is not None:
        file.write_text(content, encoding="utf-8")
    result = cli("restore", file)
    assert result.exit_code == 1
    assert result.stdout == ""
    message = message.replace("{head}", backup.head_revision(engine))
    assert result.stderr.startswith(f"error: {file}: {message}"), result.stderr
    assert database_is_empty(engine)


@pytest.mark.parametrize(
    "args",
    [["db", "upgrade"], ["load", FIXTURES], ["export", "-"]],
    ids=["db upgrade", "load", "export"],
)
def test_commands_close_their_database_connections(
    settings: Settings, tmp_path: Path, engines_made: list[sa.Engine], args: list[object]
) -> None:
    env = {"GOVERNANCE_DATABASE_URL": settings.database_url, "GOVERNANCE_DATA_DIR": str(tmp_path)}
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert engines_made, "the command built an engine"
        pools = [e.pool for e in engines_made]
        assert all(isinstance(pool, sa.pool.QueuePool) for pool in pools)
        open_connections = [
            pool.checkedin() for pool in pools if isinstance(pool, sa.pool.QueuePool)
        ]
    finally:
        for made in engines_made:
            made.dispose()
    assert open_connections == [0] * len(open_connections)


# --- help ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "Meeting and event records of the group."),
        (["db"], "Database maintenance."),
        (["db", "upgrade"], "Create the database or migrate it to the latest schema."),
        (["load"], "Load fixture files"),
        (["export"], "Write the whole database as one JSON document."),
        (["restore"], "Restore an export into an empty database"),
        (["serve"], "Serve the web pages and the JSON API"),
        (["demo"], "Create or migrate the database, load the newsletter fixtures"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_help_of_every_command(args: list[str], says: str) -> None:
    result = CliRunner().invoke(
        app, [*args, "--help"], prog_name="governance", catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert " ".join(["Usage: governance", *args]) in text
    assert says in text


# --- demo (with the server replaced by a recorder) ----------------------------------------------
@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Settings, str, int]]:
    calls: list[tuple[Settings, str, int]] = []
    monkeypatch.setattr(
        governance.cli, "_serve", lambda settings, host, port: calls.append((settings, host, port))
    )
    return calls


def test_demo_loads_fixtures_once_prints_the_url_and_serves(
    cli: Cli, engine: sa.Engine, settings: Settings, served: list[tuple[Settings, str, int]]
) -> None:
    expected = expected_counts(FIXTURES)
    # What `load fixtures/` would create, every kind of record included.
    planned = report_table(cli("load", "--dry-run", FIXTURES).stdout)
    assert records_rows(planned) == {kind: (n, 0, 0) for kind, n in expected.items()}
    first = cli("demo")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        f"Loaded demo records: {sum(created for created, _, _ in planned.values())} created.",
        f"Database: {settings.database_url}",
        "Open http://127.0.0.1:8000/ (API: http://127.0.0.1:8000/api/v1/events, "
        "docs: http://127.0.0.1:8000/schema/swagger)",
    ]
    assert [(s.database_url, host, port) for s, host, port in served] == [
        (settings.database_url, "127.0.0.1", 8000)
    ]
    assert db_counts(engine) == expected
    before = export_text(cli)
    second = cli("demo", "--host", "0.0.0.0", "--port", "8123")
    assert second.exit_code == 0, second.output
    assert "Loaded demo records" not in second.stdout
    assert "Open http://0.0.0.0:8123/" in second.stdout
    assert [(host, port) for _, host, port in served] == [("127.0.0.1", 8000), ("0.0.0.0", 8123)]
    assert export_text(cli) == before


def test_demo_does_not_load_into_a_database_with_records(
    cli: Cli, engine: sa.Engine, session: Session, served: list[tuple[Settings, str, int]]
) -> None:
    session.add(Organisation(name="已有单位", kind=OrganisationKind.GROUP))
    session.commit()
    result = cli("demo")
    assert result.exit_code == 0, result.output
    assert "Loaded demo records" not in result.stdout
    assert db_counts(engine)["organisation"] == 1 and db_counts(engine)["event"] == 0
    assert len(served) == 1


def test_demo_creates_and_migrates_a_new_database_in_the_data_dir(
    tmp_path: Path, served: list[tuple[Settings, str, int]], engines_made: list[sa.Engine]
) -> None:
    data_dir = tmp_path / "data"
    env = {"GOVERNANCE_DATABASE_URL": None, "GOVERNANCE_DATA_DIR": str(data_dir)}
    try:
        result = CliRunner().invoke(app, ["demo"], env=env, catch_exceptions=False)
    finally:
        for made in engines_made:
            made.dispose()
    assert result.exit_code == 0, result.output
    url = f"sqlite:///{data_dir / 'governance.db'}"
    assert f"Database: {url}" in result.stdout.splitlines()
    assert served[0][0].effective_database_url == url
    created = make_engine(url)
    try:
        assert backup.current_revision(created) == backup.head_revision(created)
        assert db_counts(created) == expected_counts(FIXTURES)
    finally:
        created.dispose()
