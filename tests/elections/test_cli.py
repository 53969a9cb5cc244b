"""`governance elections …` against the test database, with exact output."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from docx import Document
from litestar.testing import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from governance.cli import app
from governance.core.settings import Settings
from governance.elections import service
from governance.elections.schemas import ElectionCreate
from tests.elections.helpers import election_body, league_congress, tally_body

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
def election_id(session: Session) -> int:
    data = ElectionCreate.model_validate(election_body(league_congress(session)))
    return service.create_election(session, data).id or 0


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif name.endswith(".json"):
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def test_tally_from_a_yaml_file_prints_the_certified_result(
    cli: Cli, election_id: int, tmp_path: Path
) -> None:
    result = cli(
        "elections",
        "tally",
        election_id,
        write(tmp_path, "count.yaml", tally_body()),
        "--certify-by",
        "孙海",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"选举 {election_id}：共青团第三届委员会委员选举（第1轮）",
        "会议：集团共青团召开第三次团员大会（1月20日）",
        "状态：已确认",
        "确认人：孙海（第1版）",
        "应选：5名；应到：40；实到：36",
        "选票：发出36，收回36，有效35，无效1",
        "结果：有效；当选至少19票",
        "姓名          赞成  反对  弃权  结果",
        "王立新          34     1     0  当选",
        "刘晓东          30     5     0  当选",
        "李娜            28     7     0  当选",
        "张伟            25    10     0  当选",
        "陈静            20    15     0  当选",
        "赵敏            15    20     0  未当选",
        "当选：王立新、刘晓东、李娜、张伟、陈静",
    ]


def test_tally_from_a_json_file_then_certify_show_and_list(
    cli: Cli, election_id: int, tmp_path: Path
) -> None:
    entered = cli("elections", "tally", election_id, write(tmp_path, "count.json", tally_body()))
    assert entered.exit_code == 0, entered.output
    assert "状态：已计票，未确认" in entered.stdout.splitlines()
    certified = cli("elections", "certify", election_id, "--by", "孙海")
    assert certified.exit_code == 0, certified.output
    assert "确认人：孙海（第1版）" in certified.stdout.splitlines()
    shown = cli("elections", "show", election_id)
    assert shown.stdout == certified.stdout
    listed = cli("elections", "list")
    assert listed.stdout == f"{election_id}\t已确认\t5名\t共青团第三届委员会委员选举\n"


def test_announce_prints_what_the_api_gives(
    cli: Cli, client: TestClient, election_id: int, tmp_path: Path
) -> None:
    cli("elections", "tally", election_id, write(tmp_path, "count.yaml", tally_body()))
    printed = cli("elections", "announce", election_id, "--counts")
    assert printed.exit_code == 0, printed.output
    served = client.get(f"/api/v1/elections/{election_id}/announcement", params={"counts": True})
    assert printed.stdout == served.text
    assert (
        "王立新（34票）、刘晓东（30票）、李娜（28票）、张伟（25票）、陈静（20票）" in printed.stdout
    )


def test_sheet_writes_the_word_document(cli: Cli, election_id: int, tmp_path: Path) -> None:
    cli("elections", "tally", election_id, write(tmp_path, "count.yaml", tally_body()))
    out = tmp_path / "sheet.docx"
    result = cli("elections", "sheet", election_id, out)
    assert (result.exit_code, result.stdout) == (0, f"Wrote {out}\n")
    rows = Document(io.BytesIO(out.read_bytes())).tables[0].rows
    assert [row.cells[1].text for row in rows][1:] == [
        "王立新",
        "刘晓东",
        "李娜",
        "张伟",
        "陈静",
        "赵敏",
    ]


def test_round_opens_the_revote_after_a_certified_tie(
    cli: Cli, election_id: int, tmp_path: Path
) -> None:
    votes = {"王立新": 34, "刘晓东": 30, "李娜": 28, "张伟": 25, "陈静": 20, "赵敏": 20}
    tied = cli(
        "elections",
        "tally",
        election_id,
        write(tmp_path, "c.yaml", tally_body(votes)),
        "--certify-by",
        "孙海",
    )
    assert tied.stdout.splitlines()[-1] == "下一轮：再次投票，1名，候选人：陈静、赵敏"
    opened = cli("elections", "round", election_id)
    assert opened.exit_code == 0, opened.output
    assert opened.stdout.splitlines()[0] == (
        f"选举 {election_id + 1}：共青团第三届委员会委员选举（再次投票）（第2轮）"
    )
    assert opened.stdout.splitlines()[-1] == "候选人（按姓氏笔画为序）：陈静、赵敏"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            tally_body(ballots_invalid=0, invalid_over_marked=0),
            "the count is inconsistent: ballots_valid: valid (35) + invalid (0) = 35 ballots, but "
            "36 were returned",
        ),
        ({**tally_body(), "ballots": 3}, "{file}: ballots: Extra inputs are not permitted"),
        (
            {**tally_body(), "ballots_issued": -1},
            "{file}: ballots_issued: Input should be greater than or equal to 0",
        ),
        ("counts: [\n", "{file}: not valid YAML: "),
    ],
    ids=["inconsistent", "unknown-field", "negative", "not-yaml"],
)
def test_a_bad_tally_file_fails_with_a_message_and_writes_nothing(
    cli: Cli, election_id: int, tmp_path: Path, content: object, message: str
) -> None:
    file = write(tmp_path, "count.yaml", content)
    result = cli("elections", "tally", election_id, file)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: " + message.format(file=file)), result.stderr
    assert "状态：未计票" in cli("elections", "show", election_id).stdout


def test_unknown_election_and_missing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("elections", "show", 99)
    assert (result.exit_code, result.stderr) == (1, "error: election 99 not found\n")
    missing = tmp_path / "none.yaml"
    result = cli("elections", "tally", 1, missing)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {missing}: cannot read: ")
    assert cli("elections", "announce", 99).stderr == "error: election 99 not found\n"


def test_procedures_prints_the_presets_as_json(cli: Cli) -> None:
    presets = json.loads(cli("elections", "procedures").stdout)
    assert [p["key"] for p in presets] == ["party", "union", "league", "workers_congress"]
