"""Fidelity, measured: every newsletter event of fixtures/ gets a lead that reads like the real
one (tests/briefs/data/leads.yaml), compared after normalising punctuation width and spaces.

The table printed (run with -s) has two columns: the draft's lead as served, and the lead
written from the structured record alone (no summary sentence extending a generated clause),
which shows how much of the likeness the structure carries by itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session, select

from governance.briefs import rules, service
from governance.briefs.compose import compose_brief
from governance.records.models import Event
from tests.newsletter import load_newsletter

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
LEADS = Path(__file__).parent / "data" / "leads.yaml"
FLOOR = 0.8


def real_leads() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(LEADS.read_text(encoding="utf-8"))
    return data


def generated(
    session: Session, events: dict[str, Event], key: str, entry: dict[str, Any]
) -> tuple[str, str]:
    """(the lead as served, the lead from structure alone) for one event."""
    if "printed_in" in entry:
        # No item of its own: compare the sentence the parent's brief writes about it.
        parent = compose_brief(service.gather(session, events[entry["printed_in"]]))
        title = events[key].title
        sentence = next(p for p in parent.item.paragraphs if title in p)
        return sentence, sentence
    source = service.gather(session, events[key])
    return compose_brief(source).lead, compose_brief(source, use_prose=False).lead


def test_every_fixture_event_has_a_real_lead_to_compare_with(session: Session) -> None:
    load_newsletter(session)
    keys = {e.key for e in session.exec(select(Event)).all()}
    assert keys == set(real_leads())


def test_generated_leads_read_like_the_newsletter(session: Session) -> None:
    load_newsletter(session)
    events = {e.key: e for e in session.exec(select(Event)).all() if e.key}
    rows = []
    for key, entry in real_leads().items():
        lead, structured = generated(session, events, key, entry)
        rows.append(
            (
                key,
                rules.similarity(lead, entry["lead"]),
                rules.similarity(structured, entry["lead"]),
            )
        )
    print(f"\n{'event':<46}{'lead':>7}{'structure only':>16}")
    for key, score, structured_score in rows:
        print(f"{key:<46}{score:>7.3f}{structured_score:>16.3f}")
    mean = sum(r[1] for r in rows) / len(rows)
    print(f"{'mean':<46}{mean:>7.3f}{sum(r[2] for r in rows) / len(rows):>16.3f}")
    low = [(key, round(score, 3)) for key, score, _ in rows if score < FLOOR]
    assert not low, f"leads below {FLOOR}: {low}"
    assert mean > 0.9


@pytest.mark.parametrize(
    "key, expected",
    [
        (
            "2021-01-20-union-congress",
            "本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。会议邀请了聊城市总工会二级"
            "调研员韩洪锋，组织部长、一级主任科员孔国政莅临指导，水务集团党委书记、董事长谭相彦，"
            "党委副书记、董事、总经理王吾雪，职工董事、工会主席张永正出席。会议由集团工会副主席"
            "武长卿主持。集团41名工会会员代表参加。",
        ),
        (
            "2021-01-20-league-congress",
            "本报讯 1月20日，聊城水务集团共青团召开第三次团员大会。集团党委书记、董事长谭相彦，"
            "职工董事、工会主席张永正出席会议。团委委员及33名团员参加。",
        ),
        (
            "2021-01-28-community-party-day",
            "本报讯 1月28日，集团党群党支部、行政党支部、润达水业党支部、伯阳供水党支部以及"
            "国企服务队一队党支部，组织30余名党员志愿者和书法爱好者，分别前往利民社区、蒋官屯东"
            "社区开展主题党日活动。",
        ),
    ],
)
def test_structured_leads_word_for_word(session: Session, key: str, expected: str) -> None:
    load_newsletter(session)
    event = session.exec(select(Event).where(Event.key == key)).one()
    assert compose_brief(service.gather(session, event), use_prose=False).lead == expected
