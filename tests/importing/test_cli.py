"""`governance import-newsletter`, driven with typer's CliRunner against the test database."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from sqlmodel import Session, select
from typer.testing import CliRunner

from governance.cli import app
from governance.core.settings import Settings
from governance.importing.cli import LARGE_ISSUE
from governance.importing.models import ImportDraft

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "newsletter-2021-01.txt"
UNSEEN = DATA / "unseen-issue.txt"
SUMMARY = (
    "Year 2021 (printed 12 times in the issue). 13 articles; 19 duplicated paragraphs dropped, "
    "8 cut paragraphs joined, 6 lines of furniture dropped."
)

Cli = Callable[..., Result]


@pytest.fixture
def cli(settings: Settings, tmp_path: Path) -> Cli:
    runner = CliRunner()

    def invoke(*args: object) -> Result:
        env = {
            "GOVERNANCE_DATABASE_URL": settings.database_url,
            "GOVERNANCE_DATA_DIR": str(tmp_path),
        }
        return runner.invoke(
            app, ["import-newsletter", *map(str, args)], env=env, catch_exceptions=False
        )

    return invoke


def stored(session: Session) -> list[ImportDraft]:
    session.expire_all()
    return list(session.exec(select(ImportDraft).order_by(ImportDraft.position)).all())  # type: ignore[arg-type]


def test_dry_run_prints_a_table_of_the_articles_and_stores_nothing(
    cli: Cli, session: Session
) -> None:
    result = cli(CORPUS, "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "newsletter-2021-01.txt: 13 articles" in lines[0]
    assert lines[-2:] == [SUMMARY, "Dry run: nothing was written."]
    table = result.stdout
    for cell in (
        "2021-01-20",
        "congress",
        "韩洪锋（莅临指导）",
        "工会会员代表 41名（参加）",
        "2021-01-26–2021-01-30",
    ):
        assert cell in table
    assert stored(session) == []


def test_json_prints_one_object_per_article(cli: Cli, session: Session) -> None:
    result = cli(CORPUS, "--json", "--dry-run")
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)  # nothing but JSON on standard output
    assert len(drafts) == 13
    assert {"date", "kind", "headline", "participants", "counts", "documents", "text"} <= set(
        drafts[0]
    )
    union = drafts[5]
    assert (union["date"], union["kind"], union["headline"]) == (
        "2021-01-20",
        "congress",
        "集团召开三届一次会员代表大会",
    )
    assert [(p["name"], p["title"], p["role"]) for p in union["participants"]][:3] == [
        ("韩洪锋", "二级调研员", "莅临指导"),
        ("孔国政", "组织部长、一级主任科员", "莅临指导"),
        ("谭相彦", "党委书记、董事长", "出席"),
    ]
    assert union["counts"] == [
        {
            "label": "工会会员代表",
            "count": 41,
            "approximate": False,
            "role": "参加",
            "organisation": "集团",
        }
    ]
    assert drafts[6]["documents"] == ["《聊城水务集团第三次团员大会选举办法》（草案）"]
    assert union["text"].splitlines()[0] == "集团召开三届一次会员代表大会"
    assert result.stderr.splitlines() == [SUMMARY, "Dry run: nothing was written."]
    assert stored(session) == []


def test_importing_stores_drafts_once(cli: Cli, session: Session) -> None:
    first = cli(CORPUS)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1] == "Stored 13 new drafts for review; 0 already imported."
    rows = stored(session)
    assert [r.position for r in rows] == list(range(1, 14))
    assert {r.source for r in rows} == {"newsletter-2021-01.txt"}
    second = cli(CORPUS)
    assert second.stdout.splitlines()[-1] == "Stored 0 new drafts for review; 13 already imported."
    assert [r.key for r in stored(session)] == [r.key for r in rows]


def test_year_option_dates_the_articles(cli: Cli) -> None:
    result = cli(CORPUS, "--year", "2019", "--json", "--dry-run")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[5]["date"] == "2019-01-20"
    assert result.stderr.startswith("Year 2019 (--year).")


def test_a_word_document_is_read_paragraph_by_paragraph(cli: Cli, tmp_path: Path) -> None:
    document = docx.Document()
    for paragraph in UNSEEN.read_text(encoding="utf-8").split("\n\n"):
        document.add_paragraph(paragraph.strip())
    # A scanned line break inside a paragraph joins without a space; tables are read too.
    document.paragraphs[-3].add_run().add_break()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "为民务实清廉"
    path = tmp_path / "issue.docx"
    document.save(str(path))
    result = cli(path, "--json", "--dry-run")
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)
    assert [(d["date"], d["headline"]) for d in drafts] == [
        ("2020-12-28", "集团召开2020年度党员大会"),
        ("2020-12-30", ""),
        ("2021-01-04", "省住建厅调研组到城南供水公司调研"),
    ]
    assert drafts[2]["authors"] == ["吴海涛", "孙丽"]
    assert "为民务实清廉" not in drafts[2]["text"]


def test_a_gb18030_text_file_is_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "issue-gbk.txt"
    path.write_bytes(UNSEEN.read_text(encoding="utf-8").encode("gb18030"))
    result = cli(path, "--json", "--dry-run")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("broken.docx", b"not a zip", "not a readable .docx file"),
        ("binary.txt", b"\xff\xfe\x00\x81\x30\xff", "not a text file in UTF-8 or GB18030"),
    ],
)
def test_unreadable_files_fail_with_a_message(
    cli: Cli, session: Session, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: {message}")
    assert stored(session) == []


def test_a_large_issue_is_imported_with_its_repeats_dropped(cli: Cli, tmp_path: Path) -> None:
    text = CORPUS.read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join([text] * 4), encoding="utf-8")
    assert text.count("\n\n") * 4 > LARGE_ISSUE  # large enough for the progress bar
    result = cli(big, "--json", "--dry-run")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 13


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(app, ["import-newsletter", "--help"], prog_name="governance")
    text = " ".join(result.stdout.split())
    assert "Usage: governance import-newsletter [OPTIONS]" in text
    assert "Import a scanned newsletter issue" in text
    for option in ("--year", "--dry-run", "--json"):
        assert option in text
