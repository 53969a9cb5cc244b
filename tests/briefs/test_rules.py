"""The briefs' language rules, as tables and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.briefs import rules
from governance.briefs.prose import coverage
from governance.records.rules import ChainSegment, PrintedPerson, render_people

# Chinese text with the marks that matter, plus ASCII that must survive.
TEXT = st.text(alphabet='会议召开集团谭相彦，。、,.;:?!()"“”（）12345 abcXYZ-', max_size=40)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("会议召开,谭相彦出席.", "会议召开，谭相彦出席。"),
        ("集团41名工会会员代表参加;会议结束!", "集团41名工会会员代表参加；会议结束！"),
        ("真的吗?是的:好", "真的吗？是的：好"),
        ("各单位(部门)责任人", "各单位（部门）责任人"),
        ("《选举办法》(草案)", "《选举办法》（草案）"),
        ('以"竭诚服务会员"为题', "以“竭诚服务会员”为题"),
        ("会议召开 , 谭相彦出席", "会议召开，谭相彦出席"),
        ("共1,000人", "共1,000人"),  # a thousands separator stays
        ("增长3.5%", "增长3.5%"),  # a decimal point stays
        ("时间9:30开始", "时间9:30开始"),  # a time stays
        ("网站:http://www.cssw.net", "网站：http://www.cssw.net"),
        ("DN250 (steel)", "DN250 (steel)"),  # Latin text keeps its marks
        ("PDCA循环(Plan-Do)", "PDCA循环（Plan-Do）"),  # an aside beside Chinese is Chinese
        ("已是全角，。", "已是全角，。"),
    ],
)
def test_fullwidth_makes_chinese_punctuation_full_width(text: str, expected: str) -> None:
    assert rules.fullwidth(text) == expected


@given(TEXT)
def test_fullwidth_is_idempotent(text: str) -> None:
    once = rules.fullwidth(text)
    assert rules.fullwidth(once) == once


@given(st.text(alphabet="abcXYZ 0123456789,.;:?!()-/", max_size=40))
def test_fullwidth_leaves_ascii_text_alone(text: str) -> None:
    assert rules.fullwidth(text) == text


@given(TEXT)
def test_fullwidth_leaves_no_half_width_comma_beside_chinese(text: str) -> None:
    out = rules.fullwidth(text)
    for i, ch in enumerate(out):
        if ch == ",":
            left = out[:i].rstrip()[-1:]
            right = out[i + 1 :].lstrip()[:1]
            assert not (rules.is_cjk(left) or rules.is_cjk(right)), out


@given(TEXT)
def test_comparable_form_ignores_punctuation_width(text: str) -> None:
    assert rules.comparable(rules.fullwidth(text)) == rules.comparable(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01月05日", "1月5日"),
        ("2021年01月20日", "2021年1月20日"),
        ("1月20日", "1月20日"),
        ("1月26日-30日", "1月26日—30日"),
        ("1月30日~2月2日", "1月30日—2月2日"),
        ("1月26日至30日", "1月26日至30日"),  # 至 is a word, not a mark: kept
        ("10月10日", "10月10日"),
        ("第100名", "第100名"),
    ],
)
def test_dates_lose_leading_zeros_and_ranges_take_a_dash(text: str, expected: str) -> None:
    assert rules.normalise_dates(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1月20日，聊城水务集团召开", "聊城水务集团召开"),
        ("本报讯 1月20日，会议召开", "会议召开"),
        ("1月26日至30日，聊城“两会”胜利召开", "聊城“两会”胜利召开"),
        ("1月7日早6时，热线接到", "热线接到"),
        ("近日，伯阳设计公司完成", "伯阳设计公司完成"),
        ("随后还召开了全体会议", "随后还召开了全体会议"),
    ],
)
def test_strip_dateline(text: str, expected: str) -> None:
    assert rules.strip_dateline(text) == expected


@pytest.mark.parametrize(
    "count, approximate, unit, about, expected",
    [
        (41, False, "名", False, "41名"),
        (30, True, "名", False, "30余名"),
        (600, True, "幅", False, "600余幅"),
        (4, False, "人", False, "4人"),
        (30, False, "名", True, "约30名"),
        (30, True, "名", True, "30余名"),  # never 约 with 余
        (0, False, "名", False, "0名"),
    ],
)
def test_count_phrase(count: int, approximate: bool, unit: str, about: bool, expected: str) -> None:
    assert rules.count_phrase(count, approximate, unit, about) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("约30余名党员", "30余名党员"), ("约 600 余幅", "600余幅"), ("约30名", "约30名")],
)
def test_yue_and_yu_never_together(text: str, expected: str) -> None:
    assert rules.fix_yue_yu(text) == expected


@pytest.mark.parametrize(
    "label, count, approximate, prefix, expected",
    [
        ("工会会员代表", 41, False, "集团", "集团41名工会会员代表"),
        ("党员志愿者和书法爱好者", 30, True, "", "30余名党员志愿者和书法爱好者"),
        ("团委委员", None, False, "", "团委委员"),
        ("相关负责同志", None, False, "集团", "集团相关负责同志"),
        ("集团领导班子成员", None, False, "集团", "集团领导班子成员"),  # named once
    ],
)
def test_group_phrase(
    label: str, count: int | None, approximate: bool, prefix: str, expected: str
) -> None:
    assert rules.group_phrase(label, count, approximate, prefix) == expected


@pytest.mark.parametrize(
    "phrases, expected",
    [
        ([], ""),
        (["33名团员"], "33名团员"),
        (["团委委员", "33名团员"], "团委委员及33名团员"),
        (["领导班子成员", "外部董事", "职工代表"], "领导班子成员、外部董事、职工代表等"),
        (["", "33名团员"], "33名团员"),
    ],
)
def test_join_groups(phrases: list[str], expected: str) -> None:
    assert rules.join_groups(phrases) == expected


@given(st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), max_size=6))
def test_join_groups_keeps_every_group_in_order(phrases: list[str]) -> None:
    joined = rules.join_groups(phrases)
    position = 0
    for phrase in phrases:
        found = joined.find(phrase, position)
        assert found >= 0
        position = found + len(phrase)


@pytest.mark.parametrize(
    "prefix, said, expected",
    [("集团", "聊城水务集团副总经理孙庆贤", ""), ("集团", "", "集团"), ("", "集团", "")],
)
def test_the_organisation_is_named_once(prefix: str, said: str, expected: str) -> None:
    assert rules.drop_said_prefix(prefix, said) == expected


@pytest.mark.parametrize(
    "is_superior, expected", [(True, "莅临指导"), (False, "应邀出席"), (None, "莅临指导")]
)
def test_lailin_only_for_superiors(is_superior: bool | None, expected: str) -> None:
    assert rules.guidance_wording(is_superior) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("会议召开。谭相彦出席。", ["会议召开。", "谭相彦出席。"]),
        ("他说：“好。”会议结束。", ["他说：“好。”", "会议结束。"]),
        ("以“勇立潮头。担当作为”为主题。", ["以“勇立潮头。担当作为”为主题。"]),
        ("没有句号", ["没有句号"]),
        ("真的吗？是的！", ["真的吗？", "是的！"]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert rules.sentences(text) == expected


@pytest.mark.parametrize(
    "parts, expected",
    [
        (("会议召开",), "会议召开。"),
        (("会议邀请了韩洪锋莅临指导", "谭相彦出席"), "会议邀请了韩洪锋莅临指导，谭相彦出席。"),
        (("", "谭相彦出席"), "谭相彦出席。"),
        (("", ""), ""),
        (("会议结束。",), "会议结束。"),
        (("他说“好。”",), "他说“好。”"),
    ],
)
def test_sentence_joins_with_commas_and_ends_once(parts: tuple[str, ...], expected: str) -> None:
    assert rules.sentence(*parts) == expected


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("宣读表彰决定", "宣读了表彰决定"),
        ("宣读、通过《选举办法》", "宣读、通过了《选举办法》"),
        ("选举产生第三届委员会", "选举产生了第三届委员会"),
        ("审议通过工作报告", "审议通过了工作报告"),
        ("通报了考核情况", "通报了考核情况"),
        ("第二届工会委员会工作报告", "第二届工会委员会工作报告"),
    ],
)
def test_perfective(phrase: str, expected: str) -> None:
    assert rules.perfective(phrase) == expected


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("通报各指标责任单位考核情况", True),
        ("对近期全面从严治党及党建工作进行安排、部署", True),
        ("就抓好会议精神的贯彻落实提出三点要求", True),
        ("表示要通过此次检查", True),
        ("第二届工会委员会工作报告", False),
        ("强化思想引领，牢牢把握工会工作正确政治方向", False),
        ("优秀代表典型发言", False),
    ],
)
def test_is_predicate(phrase: str, expected: bool) -> None:
    assert rules.is_predicate(phrase) is expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("集团召开三届一次职工代表大会", ("集团", "召开", "三届一次职工代表大会")),
        ("聊城水务集团召开2021年工作会议", ("聊城水务集团", "召开", "2021年工作会议")),
        (
            "党群党支部、行政党支部开展主题党日活动",
            ("党群党支部、行政党支部", "开展", "主题党日活动"),
        ),
        ("集团组织开展植树活动", ("集团", "组织开展", "植树活动")),
        ("第三届工会委员会第一次全体会议", ("", "", "第三届工会委员会第一次全体会议")),
        ("召开会议", ("", "", "召开会议")),  # a verb needs someone before it
    ],
)
def test_split_title(title: str, expected: tuple[str, str, str]) -> None:
    assert rules.split_title(title) == expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("会议召开，谭相彦出席。", "会议召开,谭相彦出席.", 1.0),
        ("本报讯 1月20日，会议召开。", "本报讯1月20日,会议召开。", 1.0),
        ("各单位（部门）", "各单位(部门)", 1.0),
    ],
)
def test_similarity_ignores_width_and_spaces(a: str, b: str, expected: float) -> None:
    assert rules.similarity(a, b) == expected


@given(TEXT, TEXT)
def test_similarity_is_a_ratio(a: str, b: str) -> None:
    assert 0.0 <= rules.similarity(a, b) <= 1.0
    assert rules.similarity(a, a) == 1.0


@pytest.mark.parametrize(
    "longer, clause_text, expected",
    [
        ("聊城水务集团召开2021年工作会议，总结成绩。", "聊城水务集团召开2021年工作会议", True),
        ("聊城水务集团召开2021年工作会议。", "聊城水务集团召开2021年工作会议。", True),
        ("聊城水务集团工会三届一次会员代表大会召开。", "聊城水务集团工会召开三届一次", False),
        ("任何句子", "", False),
    ],
)
def test_extends(longer: str, clause_text: str, expected: bool) -> None:
    assert rules.extends(longer, clause_text) is expected


@pytest.mark.parametrize(
    "part, text, expected",
    [
        ("会议召开", "1月20日，会议召开。", 1.0),
        ("表示要通过此次检查", "谭相彦表示，要通过此次检查，认真总结。", 1.0),
        ("", "任何", 1.0),
        ("甲乙丙丁", "戊己", 0.0),
    ],
)
def test_coverage(part: str, text: str, expected: float) -> None:
    assert coverage(part, text) == expected


# The rules of people that briefs reuse from records: 、 within one person's titles, ， between
# people, the organisation printed once, neighbours with the same title sharing it.
GROUP = "集团"


@pytest.mark.parametrize(
    "people, expected",
    [
        (
            [
                PrintedPerson("谭相彦", (ChainSegment(GROUP, ("党委书记", "董事长")),)),
                PrintedPerson("王吾雪", (ChainSegment(GROUP, ("党委副书记", "董事", "总经理")),)),
            ],
            "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪",
        ),
        (
            [
                PrintedPerson("张三", (ChainSegment(GROUP, ("副总经理",)),)),
                PrintedPerson("李四", (ChainSegment(GROUP, ("副总经理",)),)),
            ],
            "集团副总经理张三、李四",
        ),
        ([PrintedPerson("崔好发", override="")], "崔好发"),
    ],
)
def test_people_are_printed_the_newsletter_way(people: list[PrintedPerson], expected: str) -> None:
    assert render_people(people) == expected
