"""Table tests drawn from the January 2021 newsletter, plus property tests for the invariants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.records.rules import (
    ChainSegment,
    HeldPost,
    Numbering,
    PrintedPerson,
    body_meeting_title,
    chain_segments,
    chinese_number,
    date_span,
    delegation,
    full_date,
    headcount,
    month_day,
    rank_key,
    render_people,
    session_label,
    sort_by_rank,
    title_chain,
)

# --- Shared data: the group's leaders as printed in January 2021 -----------------------------

GROUP = "集团"
TAN = (HeldPost(GROUP, "党委书记", 10), HeldPost(GROUP, "董事长", 11))
WANG = (
    HeldPost(GROUP, "党委副书记", 20),
    HeldPost(GROUP, "董事", 21),
    HeldPost(GROUP, "总经理", 22),
)
ZHANG = (HeldPost(GROUP, "职工董事", 40), HeldPost(GROUP, "工会主席", 41))
CUI = (HeldPost(GROUP, "党委副书记", 25),)
SASAC_LI = (HeldPost("市国资委", "党委委员", 30), HeldPost("市国资委", "副主任", 31))
UNION = "聊城市总工会"
HAN = (HeldPost(UNION, "二级调研员", 50),)
KONG = (HeldPost(UNION, "组织部长", 40), HeldPost(UNION, "一级主任科员", 52))


def person(
    name: str, posts: tuple[HeldPost, ...] = (), override: str | None = None
) -> PrintedPerson:
    return PrintedPerson(name, chain_segments(posts), override)


# --- chinese_number --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n,expected",
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (3, "三"),
        (10, "十"),
        (11, "十一"),
        (14, "十四"),  # 十四五
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2021, "二千零二十一"),
        (9999, "九千九百九十九"),
    ],
)
def test_chinese_number(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


@pytest.mark.parametrize("n", [-1, 10000, 123456])
def test_chinese_number_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_number(n)


_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def parse_chinese_number(text: str) -> int:
    """A reader's parser, independent of the writer: a unit multiplies the digit before it."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        else:
            total += (digit or 1) * _UNIT_VALUES[char]  # a bare leading 十 means 一十
            digit = 0
    return total + digit


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_number_round_trips(n: int) -> None:
    assert parse_chinese_number(chinese_number(n)) == n


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_number_reads_zero_at_most_once_per_gap(n: int) -> None:
    text = chinese_number(n)
    assert "零零" not in text
    assert not text.endswith("零")
    assert not text.startswith("一十")


# --- session_label / body_meeting_title ------------------------------------------------------


@pytest.mark.parametrize(
    "numbering,term,session,expected",
    [
        (Numbering.TERM_SESSION, 3, 1, "三届一次"),
        (Numbering.TERM_SESSION, 3, None, "第三届"),
        (Numbering.TERM_SESSION, None, 2, "第二次"),
        (Numbering.TERM_SESSION, 10, 12, "十届十二次"),
        (Numbering.TERM_SESSION, None, None, ""),
        (Numbering.ORDINAL, None, 3, "第三次"),
        (Numbering.ORDINAL, 3, None, "第三次"),  # falls back to the term
        (Numbering.ORDINAL, 2, 3, "第三次"),  # the session wins
        (Numbering.ORDINAL, None, None, ""),
    ],
)
def test_session_label(
    numbering: Numbering, term: int | None, session: int | None, expected: str
) -> None:
    assert session_label(numbering, term, session) == expected


@pytest.mark.parametrize(
    "numbering,term,session",
    [
        (Numbering.TERM_SESSION, 0, 1),
        (Numbering.TERM_SESSION, 3, 0),
        (Numbering.TERM_SESSION, -1, None),
        (Numbering.ORDINAL, None, 0),
        (Numbering.ORDINAL, 0, None),
    ],
)
def test_session_label_rejects_numbers_below_one(
    numbering: Numbering, term: int | None, session: int | None
) -> None:
    with pytest.raises(ValueError):
        session_label(numbering, term, session)


@pytest.mark.parametrize(
    "numbering,term,session,body,expected",
    [
        (Numbering.TERM_SESSION, 3, 1, "职工代表大会", "三届一次职工代表大会"),
        (Numbering.TERM_SESSION, 3, 1, "会员代表大会", "三届一次会员代表大会"),
        (Numbering.TERM_SESSION, 3, None, "工会委员会", "第三届工会委员会"),
        (Numbering.ORDINAL, None, 3, "团员大会", "第三次团员大会"),
        (Numbering.ORDINAL, None, None, "董事会", "董事会"),
        (Numbering.TERM_SESSION, None, None, "职工代表大会", "职工代表大会"),
    ],
)
def test_body_meeting_title(
    numbering: Numbering, term: int | None, session: int | None, body: str, expected: str
) -> None:
    assert body_meeting_title(numbering, term, session, body) == expected


# --- Title chains ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "posts,expected",
    [
        (TAN, "集团党委书记、董事长"),
        (tuple(reversed(TAN)), "集团党委书记、董事长"),  # precedence orders, not input
        (WANG, "集团党委副书记、董事、总经理"),
        (SASAC_LI, "市国资委党委委员、副主任"),
        (HAN, "聊城市总工会二级调研员"),
        (
            (
                HeldPost("市总工会", "委员", 5, organisation_rank=1),
                HeldPost(GROUP, "职工董事", 40),
            ),
            "集团职工董事、市总工会委员",
        ),
        ((HeldPost("", "副总经理", 30),), "副总经理"),
        ((*TAN, HeldPost(GROUP, "党委书记", 12)), "集团党委书记、董事长"),  # duplicate dropped
        ((), ""),
    ],
)
def test_title_chain(posts: tuple[HeldPost, ...], expected: str) -> None:
    assert title_chain(posts) == expected


def test_chain_segments_orders_organisations_by_rank_then_best_precedence() -> None:
    posts = [
        HeldPost("市总工会", "委员", 1, organisation_rank=1),
        HeldPost("市政协", "委员", 15),
        HeldPost(GROUP, "董事长", 11),
        HeldPost(GROUP, "党委书记", 10),
    ]
    assert chain_segments(posts) == (
        ChainSegment(GROUP, ("党委书记", "董事长")),
        ChainSegment("市政协", ("委员",)),
        ChainSegment("市总工会", ("委员",)),
    )


def test_chain_segments_breaks_equal_precedence_by_title() -> None:
    posts = [HeldPost(GROUP, "董事", 20), HeldPost(GROUP, "党委委员", 20)]
    assert chain_segments(posts) == (ChainSegment(GROUP, ("党委委员", "董事")),)


def test_chain_segments_keeps_best_precedence_of_a_duplicate() -> None:
    posts = [
        HeldPost(GROUP, "董事", 50),
        HeldPost(GROUP, "总经理", 30),
        HeldPost(GROUP, "董事", 10),
    ]
    assert chain_segments(posts) == (ChainSegment(GROUP, ("董事", "总经理")),)


@pytest.mark.parametrize(
    "posts,expected",
    [
        (TAN, (0, 10)),
        (WANG, (0, 20)),
        (
            (HeldPost("市总工会", "委员", 5, organisation_rank=2), HeldPost(GROUP, "董事", 40)),
            (0, 5),
        ),
    ],
)
def test_rank_key(posts: tuple[HeldPost, ...], expected: tuple[int, int]) -> None:
    assert rank_key(posts) == expected


def test_rank_key_puts_people_without_posts_last() -> None:
    assert rank_key(()) > rank_key((HeldPost("", "职工", 10**9, organisation_rank=10**9),))


def test_sort_by_rank_is_stable() -> None:
    people = [("张永正", ZHANG), ("甲", ()), ("谭相彦", TAN), ("乙", ()), ("王吾雪", WANG)]
    ranked = sort_by_rank(people, key=lambda item: rank_key(item[1]))
    assert [name for name, _ in ranked] == ["谭相彦", "王吾雪", "张永正", "甲", "乙"]


# --- render_people ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "people,expected",
    [
        pytest.param(
            [person("谭相彦", TAN), person("王吾雪", WANG), person("张永正", ZHANG)],
            "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪，职工董事、工会主席张永正",
            id="workers-congress",
        ),
        pytest.param(
            [person("谭相彦", TAN), person("张永正", ZHANG)],
            "集团党委书记、董事长谭相彦，职工董事、工会主席张永正",
            id="youth-league-congress",
        ),
        pytest.param(
            [person("韩洪锋", HAN), person("孔国政", KONG)],
            "聊城市总工会二级调研员韩洪锋，组织部长、一级主任科员孔国政",
            id="invited-union-officials",
        ),
        pytest.param(
            [person("李树新", SASAC_LI)], "市国资委党委委员、副主任李树新", id="inspector"
        ),
        pytest.param([person("崔好发", CUI)], "集团党委副书记崔好发", id="presiding"),
        pytest.param(
            [person("李树新", SASAC_LI), person("谭相彦", TAN), person("王吾雪", WANG)],
            "市国资委党委委员、副主任李树新，集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪",
            id="two-organisations",
        ),
        pytest.param(
            [
                person("谭相彦", override="水务集团党委书记、董事长"),
                person("王吾雪", WANG),
            ],
            "水务集团党委书记、董事长谭相彦，集团党委副书记、董事、总经理王吾雪",
            id="override-does-not-print-the-organisation",
        ),
        pytest.param(
            [
                person("谭相彦", TAN),
                person("王吾雪", override="集团党委副书记、董事、总经理"),
            ],
            "集团党委书记、董事长谭相彦，集团党委副书记、董事、总经理王吾雪",
            id="override-is-printed-as-is",
        ),
        pytest.param(
            [
                person("张三", (HeldPost("", "副总经理", 30),)),
                person("李四", (HeldPost("", "副总经理", 30),)),
            ],
            "副总经理张三、李四",
            id="shared-title",
        ),
        pytest.param(
            [
                person("张三", (HeldPost(GROUP, "副总经理", 30),)),
                person("李四", (HeldPost(GROUP, "副总经理", 30),)),
                person("王五", (HeldPost(GROUP, "总工程师", 35),)),
            ],
            "集团副总经理张三、李四，总工程师王五",
            id="shared-title-then-next",
        ),
        pytest.param(
            [
                person("张三", (HeldPost(GROUP, "副总经理", 30),)),
                person("王五", (HeldPost(GROUP, "总工程师", 35),)),
                person("李四", (HeldPost(GROUP, "副总经理", 30),)),
            ],
            "集团副总经理张三，总工程师王五，副总经理李四",
            id="only-consecutive-people-share",
        ),
        pytest.param(
            [person("张三", override="外部董事"), person("李四", override="外部董事")],
            "外部董事张三、李四",
            id="shared-override",
        ),
        pytest.param(
            [
                person(
                    "张永正", (HeldPost(GROUP, "职工董事", 40), HeldPost("市总工会", "委员", 5, 1))
                ),
                person("某某", (HeldPost("市总工会", "副主席", 3, 1),)),
            ],
            "集团职工董事、市总工会委员张永正，副主席某某",
            id="second-organisation-printed-once",
        ),
        pytest.param([person("谭相彦")], "谭相彦", id="no-title"),
        pytest.param(
            [person("甲"), person("乙"), person("丙", override="")],
            "甲，乙，丙",
            id="untitled-people-stay-separate",
        ),
        pytest.param([], "", id="nobody"),
    ],
)
def test_render_people(people: list[PrintedPerson], expected: str) -> None:
    assert render_people(people) == expected


@pytest.mark.parametrize("name", ["", "  "])
def test_render_people_rejects_blank_names(name: str) -> None:
    with pytest.raises(ValueError):
        render_people([person("谭相彦", TAN), person(name, WANG)])


# Disjoint alphabets, so a name can only be found where it was printed: names are two
# characters that never occur in organisations, titles, overrides or separators.
NAME_CHARS = "甲乙丙丁戊己庚辛壬癸"
ORGANISATIONS = ["集团", "市国资委", "聊城市总工会", ""]
TITLES = ["党委书记", "董事长", "副总经理", "总工程师", "工会主席", "委员", "二级调研员"]
OVERRIDES = ["水务集团党委书记、董事长", "外部董事", ""]

names = st.text(alphabet=NAME_CHARS, min_size=2, max_size=2)
posts = st.builds(
    HeldPost,
    organisation=st.sampled_from(ORGANISATIONS),
    title=st.sampled_from(TITLES),
    precedence=st.integers(0, 5),
    organisation_rank=st.integers(0, 2),
)
plain_people = st.builds(
    lambda name, held: PrintedPerson(name, chain_segments(held)),
    names,
    st.lists(posts, max_size=4),
)
any_people = st.one_of(
    plain_people,
    st.builds(
        lambda name, text: PrintedPerson(name, override=text), names, st.sampled_from(OVERRIDES)
    ),
)


@given(st.lists(any_people, max_size=8))
def test_render_people_prints_every_name_exactly_as_often_as_given(
    people: list[PrintedPerson],
) -> None:
    text = render_people(people)
    for name in {p.name for p in people}:
        assert text.count(name) == sum(p.name == name for p in people)
    assert "," not in text


@given(st.lists(plain_people, max_size=8))
def test_render_people_prints_each_organisation_once(people: list[PrintedPerson]) -> None:
    text = render_people(people)
    for org in filter(None, ORGANISATIONS):
        held = any(seg.organisation == org for p in people for seg in p.segments)
        # No organisation name contains another or a title, so counting is exact.
        assert text.count(org) == (1 if held else 0)


@given(names, st.lists(posts, max_size=4))
def test_render_one_person_is_title_chain_then_name(name: str, held: list[HeldPost]) -> None:
    assert render_people([PrintedPerson(name, chain_segments(held))]) == title_chain(held) + name


@given(
    st.lists(posts, max_size=6).flatmap(
        lambda held: st.tuples(st.just(held), st.permutations(held))
    )
)
def test_chain_segments_ignore_input_order(pair: tuple[list[HeldPost], list[HeldPost]]) -> None:
    held, shuffled = pair
    assert chain_segments(shuffled) == chain_segments(held)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=10))
def test_sort_by_rank_sorts_and_keeps_ties_in_order(keys: list[tuple[int, int]]) -> None:
    items = list(enumerate(keys))
    ranked = sort_by_rank(items, key=lambda item: item[1])
    assert [k for _, k in ranked] == sorted(keys)
    for (i, a), (j, b) in pairwise(ranked):
        assert a < b or (a == b and i < j)


# --- Dates and counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "d,short,full",
    [
        (date(2021, 1, 20), "1月20日", "2021年1月20日"),
        (date(2021, 1, 6), "1月6日", "2021年1月6日"),
        (date(2020, 12, 30), "12月30日", "2020年12月30日"),
    ],
)
def test_month_day_and_full_date(d: date, short: str, full: str) -> None:
    assert month_day(d) == short
    assert full_date(d) == full


@pytest.mark.parametrize(
    "start,end,expected",
    [
        (date(2021, 1, 20), None, "1月20日"),
        (date(2021, 1, 20), date(2021, 1, 20), "1月20日"),
        (date(2021, 1, 26), date(2021, 1, 30), "1月26日—30日"),  # the 两会 supply duty
        (date(2021, 1, 30), date(2021, 2, 2), "1月30日—2月2日"),
        (date(2020, 12, 30), date(2021, 1, 2), "2020年12月30日—2021年1月2日"),
    ],
)
def test_date_span(start: date, end: date | None, expected: str) -> None:
    assert date_span(start, end) == expected


def test_date_span_rejects_end_before_start() -> None:
    with pytest.raises(ValueError):
        date_span(date(2021, 1, 30), date(2021, 1, 26))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 800))
def test_date_span_starts_with_start_and_ends_with_end_day(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    text = date_span(start, end)
    assert text.startswith(month_day(start)) or text.startswith(full_date(start))
    assert text.endswith(f"{end.day}日")
    assert text.count("—") == (0 if days == 0 else 1)


@pytest.mark.parametrize(
    "count,approximate,unit,expected",
    [
        (41, False, "名", "41名"),  # 集团41名工会会员代表参加
        (33, False, "名", "33名"),
        (30, True, "名", "30余名"),  # 30余名党员志愿者
        (600, True, "幅", "600余幅"),
        (0, False, "名", "0名"),
    ],
)
def test_headcount(count: int, approximate: bool, unit: str, expected: str) -> None:
    assert headcount(count, approximate, unit) == expected


def test_headcount_defaults_to_exact_people() -> None:
    assert headcount(41) == "41名"


@pytest.mark.parametrize("size,expected", [(4, "一行4人"), (5, "一行5人"), (12, "一行12人")])
def test_delegation(size: int, expected: str) -> None:
    assert delegation(size) == expected


@pytest.mark.parametrize(
    "call", [lambda: headcount(-1), lambda: delegation(-1), lambda: delegation(0)]
)
def test_counts_reject_impossible_numbers(call: Callable[[], str]) -> None:
    with pytest.raises(ValueError):
        call()
