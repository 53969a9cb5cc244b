"""The announcement text and the .docx tally sheet, from plain objects (no database)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

from docx import Document
from docx.oxml.ns import qn

from governance.elections.outputs import ElectionDocument, announcement, tally_sheet_docx
from governance.elections.procedures import PRESETS
from governance.elections.rules import Ballots, Count, Voters, election_result

VOTERS = Voters(due=40, present=38, total=40)
BALLOTS = Ballots(issued=38, returned=38, valid=37, invalid=1, stray_marks=1)
COUNTS = [
    Count(name="杨帆", votes_for=37, votes_against=0),
    Count(name="孙悦", votes_for=36, votes_against=1),
    Count(name="方晓宇", votes_for=35, votes_against=2),
    Count(name="韩雪", votes_for=14, votes_against=20),
    Count(name="田甜", votes_for=33, votes_against=4),
    Count(name="郭佳琪", votes_for=30, votes_against=6),
    Count(name="钱多", votes_for=2, write_in=True),
]


def document(seats: int = 5, counts: list[Count] = COUNTS, **changes: object) -> ElectionDocument:
    ballots = changes.pop("ballots", BALLOTS)
    voters = changes.pop("voters", VOTERS)
    assert isinstance(ballots, Ballots) and isinstance(voters, Voters)
    doc = ElectionDocument(
        title="共青团聊城市城市水务集团有限公司第三届委员会委员选举",
        event_title="集团共青团召开第三次团员大会",
        date=date(2021, 1, 20),
        round_kind="first",
        round_number=1,
        seats=seats,
        candidate_count=len([c for c in counts if not c.write_in]),
        procedure=PRESETS["league"],
        voters=voters,
        ballots=ballots,
        result=election_result(PRESETS["league"], seats, voters, ballots, counts),
        officers=(
            ("chief_scrutineer", "白雪"),
            ("scrutineer", "宋洋"),
            ("teller", "何磊"),
            ("teller", "罗丹"),
        ),
        version=1,
        correction_reason="",
        certified_by="白雪",
        certified_at=datetime(2021, 1, 20, 8, 0, tzinfo=UTC),
        sample=False,
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


ANNOUNCEMENT = """\
共青团聊城市城市水务集团有限公司第三届委员会委员选举结果公告

2021年1月20日，集团共青团召开第三次团员大会，以无记名投票方式进行共青团聊城市城市水务集团有限公司第三届委员会委员选举，应选5名，候选人6名。应到会有选举权的40人，实到会38人，超过应到会有选举权人数的五分之四，符合规定人数。共发出选票38张，收回38张，其中有效票37张，无效票1张（有其他标记1张）。

依照《中国共产主义青年团基层组织选举工作条例》（2025年），被选举人获得的赞成票须超过实到会有选举权人数的半数（至少20票），始得当选。

当选名单（5名，按姓氏笔画为序）：
方晓宇、田甜、孙悦、杨帆、郭佳琪

总监票人：白雪　监票人：宋洋　计票人：何磊、罗丹

本结果已由白雪于2021年1月20日确认。
"""


def test_announcement_lists_the_elected_in_stroke_order() -> None:
    assert announcement(document()) == ANNOUNCEMENT


def test_announcement_with_counts_adds_votes_and_the_names_not_elected() -> None:
    text = announcement(document(), counts=True)
    assert "方晓宇（35票）、田甜（33票）、孙悦（36票）、杨帆（37票）、郭佳琪（30票）\n" in text
    assert "\n未当选：韩雪（14票）\n" in text
    assert "\n另选他人：钱多（2票）\n" in text


def test_announcement_of_a_tie_a_shortfall_a_void_and_no_quorum() -> None:
    tie = [
        Count(name="甲", votes_for=30),
        Count(name="乙", votes_for=25),
        Count(name="丙", votes_for=25),
    ]
    assert "乙、丙得票相等（各25票），应在票数相等的被选举人中再次投票，产生其余1名。" in (
        announcement(document(2, tie))
    )
    short = [Count(name="甲", votes_for=30), Count(name="乙", votes_for=19)]
    assert "当选人数少于应选名额，对不足的1名另行选举。" in announcement(document(2, short))
    void = Ballots(issued=37, returned=38, valid=38, invalid=0)
    assert "收回选票多于发出选票，本次选举无效，应重新进行选举。" in announcement(
        document(ballots=void, counts=short, seats=2)
    )
    few = Voters(due=40, present=32, total=40)
    text = announcement(
        document(
            voters=few,
            ballots=Ballots(issued=32, returned=32, valid=32, invalid=0),
            counts=short,
            seats=2,
        )
    )
    assert "实到会人数未超过应到会有选举权人数的五分之四（至少应有33人），选举不能进行。" in text
    assert "当选名单" not in text


def test_announcement_marks_sample_data_corrections_and_uncertified_results() -> None:
    text = announcement(
        document(
            sample=True, version=2, correction_reason="误记", certified_by=None, certified_at=None
        )
    )
    assert text.startswith("【样例数据：候选人姓名和票数均为虚构，仅供演示】\n\n")
    assert text.endswith("第2版（更正原因：误记）\n\n本结果尚未确认。\n")


def test_tally_sheet_is_a_word_table_in_stroke_order_with_chinese_fonts() -> None:
    data = tally_sheet_docx(document())
    parsed = Document(io.BytesIO(data))
    paragraphs = [p.text for p in parsed.paragraphs]
    assert paragraphs[0] == "共青团聊城市城市水务集团有限公司第三届委员会委员选举计票结果报告单"
    assert paragraphs[-3:] == [
        "总监票人（签字）：白雪",
        "监票人（签字）：宋洋",
        "计票人（签字）：何磊、罗丹",
    ]
    rows = [[cell.text for cell in row.cells] for row in parsed.tables[0].rows]
    assert rows[0] == ["序号", "姓名（按姓氏笔画为序）", "赞成", "反对", "弃权", "结果"]
    assert rows[1:] == [
        ["1", "方晓宇", "35", "2", "0", "当选"],
        ["2", "田甜", "33", "4", "0", "当选"],
        ["3", "孙悦", "36", "1", "0", "当选"],
        ["4", "杨帆", "37", "0", "0", "当选"],
        ["5", "郭佳琪", "30", "6", "0", "当选"],
        ["6", "韩雪", "14", "20", "0", "未当选"],
        ["7", "钱多（另选他人）", "2", "", "", "未当选"],
    ]
    run = parsed.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


def test_tally_sheet_bytes_depend_only_on_the_count() -> None:
    assert tally_sheet_docx(document()) == tally_sheet_docx(document())
