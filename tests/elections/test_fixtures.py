"""The sample elections and resolutions of fixtures/elections.yaml, loaded with the records."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session, select

from governance.elections import service, tallies
from governance.elections.models import Election, Resolution
from governance.elections.outputs import announcement
from governance.records.fixtures import FixtureError, load_fixtures
from governance.records.models import Document, DocumentStatus

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, folder)
    return folder


def edit(folder: Path, change: Any) -> None:
    path = folder / "elections.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["elections"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def by_key(session: Session, key: str) -> Election:
    election = session.exec(select(Election).where(Election.key == key)).one()
    return election


def test_sample_elections_load_once_with_certified_results(session: Session) -> None:
    report = load_fixtures(session, [FIXTURES])
    assert (report.created["election"], report.created["resolution"]) == (2, 2)
    union = service.election_read(session, by_key(session, "2021-01-20-union-committee"))
    assert (union.status, union.sample, union.seats) == ("certified", True, 7)
    assert union.result is not None
    assert union.result.elected == [
        "丁玉梅",
        "于海涛",
        "王建国",
        "刘红霞",
        "李志强",
        "张晓燕",
        "周立军",
    ]
    assert (union.result.votes_needed, union.voters_due, union.voters_present) == (23, 45, 41)
    league = service.election_read(session, by_key(session, "2021-01-20-league-committee"))
    assert league.result is not None
    assert league.result.elected == ["方晓宇", "田甜", "孙悦", "杨帆", "郭佳琪"]
    text = announcement(tallies.election_document(session, league.id))
    assert text.startswith("【样例数据：候选人姓名和票数均为虚构，仅供演示】\n")
    assert text.endswith("本结果已由白雪于2021年1月20日确认。\n")
    resolutions = session.exec(select(Resolution).order_by(Resolution.id)).all()
    assert [(r.title, r.adopted, r.sample) for r in resolutions] == [
        ("审议通过《聊城水务集团第三次团员大会选举办法》(草案)", True, True),
        ("通过监票人、计票人建议名单", True, True),
    ]
    documents = {d.id: d.status for d in session.exec(select(Document)).all()}
    assert all(documents[r.document_id] == DocumentStatus.ADOPTED for r in resolutions)
    again = load_fixtures(session, [FIXTURES])
    assert (again.unchanged["election"], again.unchanged["resolution"]) == (2, 2)
    assert sum(again.created.values()) + sum(again.updated.values()) == 0


def test_a_certified_sample_result_is_not_changed_by_editing_the_fixture(
    session: Session, tmp_path: Path
) -> None:
    load_fixtures(session, [FIXTURES])
    folder = copy(tmp_path)
    edit(folder, lambda items: items[0]["tally"]["counts"][0].update(votes_for=37))
    with pytest.raises(FixtureError) as error:
        load_fixtures(session, [folder])
    assert str(error.value) == (
        f"{folder / 'elections.yaml'}: elections[0]: election '2021-01-20-union-committee' has "
        "a certified result, which a fixture does not change; enter a correction with its "
        "reason (API or CLI)"
    )
    union = service.election_read(session, by_key(session, "2021-01-20-union-committee"))
    assert union.tally is not None and union.tally.counts[0].votes_for == 38


def test_an_uncertified_fixture_election_is_updated_in_place(
    session: Session, tmp_path: Path
) -> None:
    folder = copy(tmp_path)
    edit(folder, lambda items: items[1].pop("certified_by") and items[1].pop("certified_at"))
    load_fixtures(session, [folder])
    edit(
        folder, lambda items: items[1]["tally"]["counts"][5].update(votes_for=18, votes_against=18)
    )
    report = load_fixtures(session, [folder])
    assert (report.updated["election"], report.unchanged["election"]) == (1, 1)
    league = service.election_read(session, by_key(session, "2021-01-20-league-committee"))
    assert (league.status, league.versions) == ("counted", 1)
    assert league.tally is not None
    assert [c.votes_for for c in league.tally.counts if c.name == "韩雪"] == [18]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            {"kind": "vote"},
            "Input tag 'vote' found using 'kind' does not match any of the "
            "expected tags: 'election', 'resolution'",
        ),
        (
            {
                "kind": "election",
                "key": "x",
                "event": "no-such-event",
                "title": "选举",
                "seats": 1,
                "preset": "league",
            },
            "elections[0].event: no event with key 'no-such-event'",
        ),
        (
            {
                "kind": "election",
                "key": "x",
                "event": "2021-01-20-league-congress",
                "title": "选举",
                "seats": 1,
                "preset": "league",
                "candidates": ["甲", "乙"],
                "officers": [{"role": "teller", "name": "甲"}],
            },
            "elections[0]: officers[0]: 甲 is a candidate and cannot be 计票人: a candidate may be "
            "neither scrutineer nor teller",
        ),
        (
            {
                "kind": "resolution",
                "key": "x",
                "event": "2021-01-20-league-congress",
                "title": "决议",
                "preset": "league",
                "votes_for": 1,
                "document": "不存在的文件",
            },
            "elections[0].document: no document '不存在的文件' at the event",
        ),
    ],
    ids=["unknown-kind", "unknown-event", "candidate-as-teller", "unknown-document"],
)
def test_a_bad_item_fails_naming_file_and_item_and_loads_nothing(
    session: Session, tmp_path: Path, item: dict[str, Any], message: str
) -> None:
    folder = copy(tmp_path)
    (folder / "elections.yaml").write_text(
        yaml.safe_dump({"elections": [item]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(FixtureError) as error:
        load_fixtures(session, [folder])
    assert message in str(error.value)
    assert str(error.value).startswith(f"{folder / 'elections.yaml'}: elections[0]")
    assert session.exec(select(Election)).all() == []
