"""`governance brief`, `governance minutes` and `governance brief-batch` against the test DB."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from sqlmodel import Session, select
from typer.testing import CliRunner

from governance.briefs import service
from governance.cli import app
from governance.core.settings import Settings
from governance.records.models import Event
from tests.newsletter import load_newsletter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
Cli = Callable[..., Result]


@pytest.fixture
def cli(settings: Settings, tmp_path: Path) -> Cli:
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        env = {
            "GOVERNANCE_DATABASE_URL": settings.database_url,
            "GOVERNANCE_DATA_DIR": str(tmp_path),
        }
        return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def ids(session: Session) -> dict[str, int]:
    load_newsletter(session)
    return {e.key or "": e.id or 0 for e in session.exec(select(Event)).all()}


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs]


def test_brief_writes_a_word_draft(cli: Cli, ids: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "union.docx"
    result = cli("brief", ids["2021-01-20-union-congress"], "-o", out, "--author", "高立伟")
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out}: 集团召开三届一次会员代表大会\n"
    texts = paragraphs(out)
    assert texts[0] == "集团召开三届一次会员代表大会"
    assert texts[-1] == "高立伟"


def test_brief_to_a_txt_file_writes_text(
    cli: Cli, ids: dict[str, int], tmp_path: Path, session: Session
) -> None:
    out = tmp_path / "league.txt"
    event_id = ids["2021-01-20-league-congress"]
    result = cli("brief", event_id, "-o", out, "--template", "congress")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == service.brief(session, event_id).text()


def test_minutes_writes_the_national_layout(cli: Cli, ids: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "minutes.docx"
    result = cli("minutes", ids["2021-01-22-work-conference"], "-o", out)
    assert result.exit_code == 0, result.output
    texts = paragraphs(out)
    assert texts[0] == "聊城水务集团2021年工作会议纪要"
    assert "一、会议听取的报告" in texts


@pytest.mark.parametrize(
    "args, message",
    [
        (("brief", 4242, "-o", "x.docx"), "error: event 4242 not found\n"),
        (("minutes", 4242, "-o", "x.docx"), "error: event 4242 not found\n"),
        (
            ("brief", 1, "-o", "x.docx", "--template", "nosuch"),
            "error: template: no brief template 'nosuch'",
        ),
    ],
)
def test_errors_name_the_problem(
    cli: Cli, ids: dict[str, int], tmp_path: Path, args: tuple[object, ...], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert not (tmp_path / "x.docx").exists()


def test_brief_batch_writes_every_event_of_a_date_range(
    cli: Cli, ids: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    result = cli("brief-batch", "--from", "2021-01-20", "--to", "2021-01-22", "-o", folder)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Wrote 10 files for 5 events into {folder}"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        f"{key}-{what}.docx"
        for key in (
            "2021-01-20-union-congress",
            "2021-01-20-union-committee-plenary",
            "2021-01-20-league-congress",
            "2021-01-22-workers-congress",
            "2021-01-22-work-conference",
        )
        for what in ("brief", "minutes")
    )


def test_brief_batch_can_write_briefs_only(cli: Cli, ids: dict[str, int], tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    result = cli(
        "brief-batch", "--from", "2021-01-28", "--to", "2021-01-28", "-o", folder, "--no-minutes"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "2021-01-28-community-party-day-brief.docx",
        "2021-01-28-shuixing-party-day-brief.docx",
    ]


def test_brief_batch_refuses_a_backwards_range(cli: Cli, tmp_path: Path) -> None:
    result = cli("brief-batch", "--from", "2021-02-01", "--to", "2021-01-01", "-o", tmp_path)
    assert result.exit_code == 1
    assert result.output == "error: --to is before --from\n"
