"""Drafting events: people in roles, numbering, kind, organiser, dates; then the whole corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.importing import dating, extract, naming, people, rules
from governance.importing.extract import DraftedIssue, draft_issue
from governance.importing.schemas import CountDraft, DraftData
from governance.records.models import EventKind, Role

DATA = Path(__file__).parent / "data"
NAMES = ["谭相彦", "王吾雪", "张永正", "崔好发"]


def roles(paragraph: str, names: list[str] = NAMES) -> list[tuple[str, str, str, str]]:
    found, _ = people.people_in(rules.normalise(paragraph), names)
    return [
        (f.mention.organisation, "、".join(f.mention.titles), f.mention.name, f.role) for f in found
    ]


UNION_LEAD = (
    "本报讯 1月20日,聊城水务集团工会三届一次会员代表大会召开。会议邀请了聊城市总工会二级调研员韩洪锋,"
    "组织部长、一级主任科员孔国政莅临指导,水务集团党委书记、董事长谭相彦,党委副书记、董事、总经理王吾雪,"
    "职工董事、工会主席张永正出席。会议由集团工会副主席武长卿主持。集团41名工会会员代表参加。"
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            UNION_LEAD,
            [
                ("聊城市总工会", "二级调研员", "韩洪锋", Role.GUIDE),
                ("聊城市总工会", "组织部长、一级主任科员", "孔国政", Role.GUIDE),
                ("水务集团", "党委书记、董事长", "谭相彦", Role.ATTEND),
                ("水务集团", "党委副书记、董事、总经理", "王吾雪", Role.ATTEND),
                ("水务集团", "职工董事、工会主席", "张永正", Role.ATTEND),
                ("集团", "工会副主席", "武长卿", Role.PRESIDE),
            ],
        ),
        (
            "本报讯 1月12日,市国资委党委委员、副主任李树新带领市管国有企业考核三组一行4人,对水务集团现场考核。",
            [("市国资委", "党委委员、副主任", "李树新", Role.LEAD)],
        ),
        (
            "集团党委书记、董事长谭相彦出席会议并作重要讲话。",
            [
                ("集团", "党委书记、董事长", "谭相彦", Role.ATTEND),
                ("集团", "党委书记、董事长", "谭相彦", Role.SPEAK),
            ],
        ),
        (
            "会上,崔好发通报了集团各党支部第四季度日常考核成绩。",
            [("", "", "崔好发", Role.ANNOUNCE)],
        ),
        (
            "谭相彦以“竭诚服务会员,构建和谐企业”为题,向大会作第二届工会委员会工作报告,全面回顾了工作。",
            [("", "", "谭相彦", Role.REPORT)],
        ),
        (
            "考核会上,谭相彦从5个方面向考核组汇报了集团党委落实情况。",
            [("", "", "谭相彦", Role.REPORT)],
        ),
        (
            "集团党委副书记、董事、总经理王吾雪向大会作了水务集团2020年经营工作报告。",
            [("集团", "党委副书记、董事、总经理", "王吾雪", Role.REPORT)],
        ),
        (
            "聊城水务集团副总经理孙庆贤及相关负责同志参加上线活动。",
            [("聊城水务集团", "副总经理", "孙庆贤", Role.PARTICIPATE)],
        ),
        # People sharing a title; an invitation with no other verb; a framing 在…陪同下.
        (
            "集团副总经理张三、李四出席。",
            [("集团", "副总经理", "张三", Role.ATTEND), ("集团", "副总经理", "李四", Role.ATTEND)],
        ),
        ("会议邀请了市总工会主席赵六。", [("市总工会", "主席", "赵六", Role.INVITED)]),
        (
            "在集团总经理王吾雪的陪同下,考察组参观了水厂。",
            [("集团", "总经理", "王吾雪", Role.ACCOMPANY)],
        ),
        # Not roles: a speech verb, a Party committee that leads, a subject that is not a person.
        ("会上,韩洪锋强调,要强化思想引领。", []),
        ("全体干部职工要在集团党委、董事会的坚强带领下,推动水务事业再上新台阶。", []),
        ("王吾雪要求,全体干部职工要在集团党委、董事会的坚强带领下,推动水务事业再上新台阶。", []),
        ("第二届团委以“勇立潮头”为主题向大会作工作报告。", []),
        ("会议宣读、通过了《选举办法》(草案)。", []),
    ],
    ids=[
        "union-lead",
        "delegation",
        "attends-and-speaks",
        "bare-name",
        "inherited-subject",
        "reports-to",
        "title-then-adverbial",
        "person-and-group",
        "shared-title",
        "invited",
        "framed",
        "speech-verb",
        "framed-body",
        "framed-after-subject",
        "organisation",
        "meeting",
    ],
)
def test_people_in_roles(paragraph: str, expected: list[tuple[str, str, str, Role]]) -> None:
    assert roles(paragraph) == expected


def test_a_delegation_leader_gets_the_delegation_and_its_size() -> None:
    found, _ = people.people_in(
        "市国资委党委委员、副主任李树新带领市管国有企业考核三组一行4人，对水务集团现场考核。", NAMES
    )
    assert [(f.mention.name, f.delegation, f.delegation_size) for f in found] == [
        ("李树新", "市管国有企业考核三组", 4)
    ]


@pytest.mark.parametrize(
    ("paragraph", "groups"),
    [
        (UNION_LEAD, [CountDraft(label="工会会员代表", count=41, organisation="集团")]),
        (
            "集团党委书记、董事长谭相彦，职工董事、工会主席张永正出席。团委委员及33名团员参加。",
            [CountDraft(label="团委委员"), CountDraft(label="团员", count=33)],
        ),
        (
            "集团领导班子成员、外部董事、各单位(部门)责任人、先进代表、职工代表等出席。",
            [
                CountDraft(label=label, role=Role.ATTEND)
                for label in (
                    "集团领导班子成员",
                    "外部董事",
                    "各单位（部门）责任人",
                    "先进代表",
                    "职工代表",
                )
            ],
        ),
    ],
)
def test_groups_and_headcounts_before_a_role_verb(paragraph: str, groups: list[CountDraft]) -> None:
    assert people.people_in(rules.normalise(paragraph), NAMES)[1] == groups


def test_a_headcount_without_a_role_verb_is_taken_part() -> None:
    assert people.headcounts(
        "1月28日，集团党群党支部组织30余名党员志愿者和书法爱好者，分别前往利民社区。"
    ) == [CountDraft(label="党员志愿者和书法爱好者", count=30, approximate=True)]


@pytest.mark.parametrize(
    ("piece", "split"),
    [
        ("聊城市总工会二级调研员", ("聊城市总工会", "二级调研员")),
        ("水务集团党委书记", ("水务集团", "党委书记")),
        ("市国资委党委委员", ("市国资委", "党委委员")),
        ("集团工会副主席", ("集团", "工会副主席")),
        ("组织部长", ("", "组织部长")),
        ("集团党委委员、组织部部长"[7:], ("", "组织部部长")),
        ("聊城水务集团副总经理", ("聊城水务集团", "副总经理")),
        ("相关负责同志", None),
    ],
)
def test_split_title_separates_the_organisation(piece: str, split: tuple[str, str] | None) -> None:
    assert naming.split_title(piece) == split


@pytest.mark.parametrize(
    ("text", "number"),
    [("三", 3), ("十", 10), ("十一", 11), ("二十三", 23), ("4", 4), ("百", None), ("", None)],
)
def test_chinese_to_int(text: str, number: int | None) -> None:
    assert people.chinese_to_int(text) == number


def test_names_printed_after_a_title_are_harvested_from_the_issue() -> None:
    texts = [rules.normalise(UNION_LEAD), "集团党委副书记崔好发主持会议，并提出了三点要求。"]
    assert naming.printed_names(texts) == [
        "孔国政",
        "崔好发",
        "张永正",
        "武长卿",
        "王吾雪",
        "谭相彦",
        "韩洪锋",
    ]


@pytest.mark.parametrize(
    ("text", "numbering"),
    [
        ("集团召开三届一次职工代表大会", extract.Numbering("职工代表大会", 3, 1, "三届一次")),
        (
            "聊城水务集团工会三届一次会员代表大会召开",
            extract.Numbering("会员代表大会", 3, 1, "三届一次"),
        ),
        ("集团共青团召开第三次团员大会", extract.Numbering("团员大会", 3, None, "第三次")),
        (
            "随后召开了第三届工会委员会第一次全体会议",
            extract.Numbering("工会委员会", 3, 1, "第三届第一次"),
        ),
        ("聊城水务集团召开2021年工作会议", None),
    ],
)
def test_find_numbering(text: str, numbering: extract.Numbering | None) -> None:
    assert extract.find_numbering(text) == numbering


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("集团召开三届一次会员代表大会", EventKind.CONGRESS),
        ("第三届工会委员会第一次全体会议", EventKind.COMMITTEE_MEETING),
        ("聊城水务集团召开2021年工作会议", EventKind.WORK_CONFERENCE),
        ("集团召开系列工作考核 党建工作考核和支部书记抓党建述职评议会", EventKind.ASSESSMENT),
        ("省住建厅调研组到城南供水公司调研", EventKind.VISIT),
        ("水兴市政党支部组织开展“党建知识我来讲”主题党日活动", EventKind.THEMED_ACTIVITY),
        ("走进“12345市民热线·政风行风”直播间", EventKind.BROADCAST),
        ("聊城水务集团圆满完成聊城“两会”安全供水任务", EventKind.OTHER),
    ],
)
def test_classify_kind(text: str, kind: EventKind) -> None:
    assert extract.classify_kind(text) == kind


@pytest.mark.parametrize(
    ("lead", "organiser"),
    [
        ("本报讯 1月13日，聊城水务集团党委召开2020年第四季度党建工作考核。", "聊城水务集团党委"),
        ("本报讯 1月20日，聊城水务集团工会三届一次会员代表大会召开。", "聊城水务集团工会"),
        ("本报讯 1月20日，聊城水务集团共青团召开第三次团员大会。", "聊城水务集团共青团"),
        ("1月28日，水兴市政党支部组织开展“党建知识我来讲”主题党日活动。", "水兴市政党支部"),
        ("1月28日，集团党群党支部、行政党支部以及国企服务队一队党支部，组织30余名党员志愿者。", ""),
        ("本报讯 1月26日至30日，聊城“两会”胜利召开。", ""),
    ],
)
def test_find_organiser(lead: str, organiser: str) -> None:
    assert extract.find_organiser(lead, []) == organiser


def test_documents_are_the_titles_in_book_marks() -> None:
    text = "会议宣读、通过了《聊城水务集团第三次团员大会选举办法》（草案），又宣读了《决定》和《决定》。"
    assert extract.documents(text) == ["《聊城水务集团第三次团员大会选举办法》（草案）", "《决定》"]


# --- Dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("1月20日，聊城水务集团", dating.Span(dating.MonthDay(1, 20))),
        ("1月26日至30日，聊城“两会”", dating.Span(dating.MonthDay(1, 26), dating.MonthDay(1, 30))),
        ("12月30日至1月2日", dating.Span(dating.MonthDay(12, 30), dating.MonthDay(1, 2))),
        ("“你好”1月7日早6时", dating.Span(dating.MonthDay(1, 7))),
        ("2月30日，13月1日，近日", None),
    ],
)
def test_find_span(text: str, span: dating.Span | None) -> None:
    assert dating.find_span(text) == span


@pytest.mark.parametrize(
    ("texts", "given", "year"),
    [
        (["2020年度考核", "2021年工作会议"], 2019, dating.IssueYear(2019, "--year")),
        (
            ["第1期 2021年1月8日", "2020年 2020年 2020年"],
            None,
            dating.IssueYear(2021, "a full date printed in the issue"),
        ),
        (
            ["2020年度考核", "2021年工作会议", "2021年重点任务"],
            None,
            dating.IssueYear(2021, "printed 2 times in the issue"),
        ),
        (["没有年份"], None, dating.IssueYear(None, "no year in the text: give --year")),
    ],
)
def test_issue_year(texts: list[str], given: int | None, year: dating.IssueYear) -> None:
    assert dating.issue_year(texts, given) == year


@pytest.mark.parametrize(
    ("months", "across", "span", "expected"),
    [
        ([1, 1], False, dating.Span(dating.MonthDay(1, 20)), (date(2021, 1, 20), None)),
        ([12, 1], True, dating.Span(dating.MonthDay(12, 28)), (date(2020, 12, 28), None)),
        ([12, 1], True, dating.Span(dating.MonthDay(1, 4)), (date(2021, 1, 4), None)),
        ([12], False, dating.Span(dating.MonthDay(12, 28)), (date(2021, 12, 28), None)),
        (
            [12, 1],
            True,
            dating.Span(dating.MonthDay(12, 30), dating.MonthDay(1, 2)),
            (date(2020, 12, 30), date(2021, 1, 2)),
        ),
    ],
    ids=["january", "december-in-a-january-issue", "january-in-it", "december-issue", "range"],
)
def test_an_issue_may_span_december_and_january(
    months: list[int], across: bool, span: dating.Span, expected: tuple[date, date | None]
) -> None:
    assert dating.spans_new_year(months) is across
    assert dating.date_span(span, 2021, across) == expected


def test_a_misprinted_day_leaves_the_date_for_the_secretary() -> None:
    assert dating.date_span(dating.Span(dating.MonthDay(2, 29)), 2021, False) == (None, None)


# --- The whole corpus, without a database --------------------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> DraftedIssue:
    text = (DATA / "newsletter-2021-01.txt").read_text(encoding="utf-8")
    return draft_issue(rules.split_paragraphs(text), extract.Directory())


def by_title(issue: DraftedIssue, title: str) -> DraftData:
    return next(d for d in issue.drafts if d.title == title)


def test_the_union_congress_yields_the_people_the_article_prints(corpus: DraftedIssue) -> None:
    union = by_title(corpus, "集团召开三届一次会员代表大会")
    assert (union.date, union.kind, union.organiser) == (
        date(2021, 1, 20),
        EventKind.CONGRESS,
        "聊城水务集团工会",
    )
    assert (union.body, union.term, union.session, union.session_label) == (
        "会员代表大会",
        3,
        1,
        "三届一次",
    )
    assert [(p.name, p.title, p.role) for p in union.participants] == [
        ("韩洪锋", "二级调研员", Role.GUIDE),
        ("孔国政", "组织部长、一级主任科员", Role.GUIDE),
        ("谭相彦", "党委书记、董事长", Role.ATTEND),
        ("王吾雪", "党委副书记、董事、总经理", Role.ATTEND),
        ("张永正", "职工董事、工会主席", Role.ATTEND),
        ("武长卿", "工会副主席", Role.PRESIDE),
        ("谭相彦", "", Role.REPORT),
    ]
    assert union.counts == [CountDraft(label="工会会员代表", count=41, organisation="集团")]
    assert all(p.new and p.person_id is None for p in union.participants)  # no database here


def test_the_league_congress_is_the_third_and_reads_its_rules(corpus: DraftedIssue) -> None:
    league = by_title(corpus, "集团共青团召开第三次团员大会")
    assert (league.body, league.term, league.session, league.session_label) == (
        "团员大会",
        3,
        None,
        "第三次",
    )
    assert league.documents == ["《聊城水务集团第三次团员大会选举办法》（草案）"]
    assert [(p.name, p.role) for p in league.participants] == [
        ("谭相彦", Role.ATTEND),
        ("张永正", Role.ATTEND),
    ]
    assert [(c.label, c.count) for c in league.counts] == [("团委委员", None), ("团员", 33)]


def test_every_article_is_dated_from_its_lead(corpus: DraftedIssue) -> None:
    assert corpus.year == dating.IssueYear(2021, "printed 12 times in the issue")
    assert [(d.date, d.end) for d in corpus.drafts] == [
        (date(2021, 1, 12), None),
        (date(2021, 1, 13), None),
        (date(2021, 1, 22), None),
        (date(2021, 1, 28), None),
        (date(2021, 1, 28), None),
        (date(2021, 1, 20), None),
        (date(2021, 1, 20), None),
        (date(2021, 1, 22), None),
        (date(2021, 1, 26), date(2021, 1, 30)),
        (date(2021, 1, 6), None),
        (None, None),
        (None, None),
        (date(2021, 1, 7), None),
    ]
    undated = [d.warnings for d in corpus.drafts if d.date is None]
    assert undated == [["未找到日期：请补充。"], ["未找到日期：请补充。"]]


def test_article_keys_are_stable_and_distinct(corpus: DraftedIssue) -> None:
    keys = [d.key for d in corpus.drafts]
    assert len(set(keys)) == 13 and all(k.startswith("nl-") and len(k) == 35 for k in keys)
    text = (DATA / "newsletter-2021-01.txt").read_text(encoding="utf-8")
    again = draft_issue(rules.split_paragraphs(text), extract.Directory())
    assert [d.key for d in again.drafts] == keys


def test_known_people_are_matched_and_their_titles_compared() -> None:
    directory = extract.Directory(
        people=(
            extract.KnownPerson(7, "谭相彦", ("党委书记", "董事长")),
            extract.KnownPerson(9, "韩洪锋", ("二级调研员",)),
        ),
        organisations=(extract.KnownOrganisation(3, ("聊城市总工会",)),),
    )
    text = (DATA / "newsletter-2021-01.txt").read_text(encoding="utf-8")
    union = by_title(
        draft_issue(rules.split_paragraphs(text), directory), "集团召开三届一次会员代表大会"
    )
    matched = {
        (p.name, p.role): (p.person_id, p.new, p.known_titles, p.new_titles)
        for p in union.participants
    }
    assert matched[("谭相彦", Role.ATTEND)] == (7, False, ["党委书记", "董事长"], [])
    assert matched[("韩洪锋", Role.GUIDE)] == (9, False, ["二级调研员"], [])
    assert matched[("孔国政", Role.GUIDE)] == (None, True, [], ["组织部长", "一级主任科员"])


def test_an_unseen_issue_spanning_the_new_year_is_drafted_alike() -> None:
    text = (DATA / "unseen-issue.txt").read_text(encoding="utf-8")
    issue = draft_issue(rules.split_paragraphs(text), extract.Directory())
    congress, games, visit = issue.drafts
    assert (congress.date, congress.kind, congress.organiser) == (
        date(2020, 12, 28),
        EventKind.CONGRESS,
        "聊城水务集团党委",
    )
    assert [(p.name, p.title, p.role) for p in congress.participants] == [
        ("刘明远", "党委副书记、纪委书记", Role.ATTEND),
        ("陈晓峰", "党委委员、副总经理", Role.ATTEND),
        ("周海燕", "党委委员、组织部部长", Role.PRESIDE),
        ("刘明远", "", Role.REPORT),
        ("陈晓峰", "", Role.READ),
        ("周海燕", "", Role.ANNOUNCE),
    ]
    assert congress.counts == [CountDraft(label="党员", count=86, organisation="集团")]
    assert congress.documents == ["《凝心聚力 砥砺前行》", "《关于表彰2020年度优秀共产党员的决定》"]
    assert (games.date, games.organiser, games.counts) == (
        date(2020, 12, 30),
        "集团工会",
        [CountDraft(label="职工", count=120, approximate=True)],
    )
    assert (visit.date, visit.kind) == (date(2021, 1, 4), EventKind.VISIT)
    assert [
        (p.name, p.organisation, p.title, p.role, p.delegation, p.delegation_size)
        for p in visit.participants
    ] == [
        ("黄立群", "省住建厅城建处", "处长", Role.LEAD, "调研组", 6),
        ("陈晓峰", "集团", "副总经理", Role.ACCOMPANY, "", None),
    ]
    assert visit.authors == ["吴海涛", "孙丽"]


# --- Any scan at all ---------------------------------------------------------------------------
SCRAPS = [
    "本报讯 1月20日,聊城水务集团工会三届一次会员代表大会召开。",
    "集团召开三届一次会员代表大会",
    "会上,谭相彦对第三届工会委员会提出具体要求,要进",
    "一步加强团的组织建设。",
    "(上接第一版)心、更舒适。",
    "更贴心(下转第二版)",
    "1月28日,水兴市政党支部组织开展主题党日活动。",
    "袁宵",
    "聊城市城市水务集团有限公司主办",
    "會議由集團工會副主席武長卿主持。集團41名工會會員代表參加。",
    "又讯 12月30日,集团工会组织120余名职工参加。",
    "",
    "“",
    "(",
]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(SCRAPS),
            st.text(alphabet="本报讯日月1２,，。(（党委书记谭相彦出席“ ", max_size=30),
        ),
        max_size=25,
    ),
    st.one_of(st.none(), st.integers(min_value=1949, max_value=2100)),
)
def test_any_scan_gives_drafts_without_failing(paragraphs: list[str], year: int | None) -> None:
    drafted = draft_issue(paragraphs, extract.Directory(), year)
    keys = [d.key for d in drafted.drafts]
    assert len(keys) == len(drafted.issue.articles)
    for d in drafted.drafts:
        assert len(d.title) <= 200 and d.title
        assert d.end is None or (d.date is not None and d.end >= d.date)
        assert all(2 <= len(p.name) <= 4 for p in d.participants)
