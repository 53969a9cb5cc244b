"""The cleaning rules, one table each, on snippets of the real scan (tests/importing/data)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.importing import rules

LEAGUE_TRADITIONAL = (
    "第二屆團委以“勇立潮頭,擔當作為,開創團委工作新程”為主題向大會作工作報告,系統回顧了"
    "“十三五”期間水務集團共青團的各項工作,並提出了未來五年共青團的工作思路。"
)
LEAGUE_SIMPLIFIED = (
    "第二届团委以“勇立潮头,担当作为,开创团委工作新程”为主题向大会作工作报告,系统回顾了"
    "“十三五”期间水务集团共青团的各项工作,并提出了未来五年共青团的工作思路。"
)


@pytest.mark.parametrize(
    ("scanned", "simplified"),
    [
        (LEAGUE_TRADITIONAL, LEAGUE_SIMPLIFIED),
        (
            "選舉產生了共青團聊城市城市水務集團有限公司第三屆委員會。",
            "选举产生了共青团聊城市城市水务集团有限公司第三届委员会。",
        ),
        ("聊城水務", "聊城水务"),
        ("走进「12345市民热线·政风行风」直播间", "走进“12345市民热线·政风行风”直播间"),
        # Already simplified text is left alone (干部 and 发展 are not turned into anything).
        (
            "集团领导班子成员、外部董事、干部职工出席。",
            "集团领导班子成员、外部董事、干部职工出席。",
        ),
    ],
    ids=["league-paragraph", "league-committee", "nameplate", "corner-quotes", "simplified"],
)
def test_traditional_characters_become_simplified(scanned: str, simplified: str) -> None:
    assert rules.to_simplified(scanned) == simplified


@pytest.mark.parametrize(
    ("scanned", "cleaned"),
    [
        ("本报讯 1月12日,市国资委党委委员", "本报讯 1月12日，市国资委党委委员"),
        ("经济社会发展建功立业;要践行全心全意", "经济社会发展建功立业；要践行全心全意"),
        ("各单位(部门)责任人、先进代表", "各单位（部门）责任人、先进代表"),
        ("城南供水(一期)工程西线配水管网建设", "城南供水（一期）工程西线配水管网建设"),
        ("更贴心(下转第二版)", "更贴心（下转第二版）"),
        ("总编辑:谭相彦 执行总编:王吾雪", "总编辑：谭相彦 执行总编：王吾雪"),
        ("集团网站: http://www.cssw.net", "集团网站：http://www.cssw.net"),
        ("现状DN250管道为起点,建设连通管线", "现状DN250管道为起点，建设连通管线"),
        ("收到用户锦旗48面,表扬信121封。", "收到用户锦旗48面，表扬信121封。"),
        ('组织开展"迎新春"职工趣味运动会', "组织开展“迎新春”职工趣味运动会"),
        ("能尽快过来给看看吗?", "能尽快过来给看看吗？"),
        ("脸都没得洗!", "脸都没得洗！"),
        ("任务已完成.", "任务已完成。"),
        ("十四五时期...", "十四五时期……"),
        ("２０２１年１月", "2021年1月"),
        # Numbers, URLs and Latin text keep their marks.
        ("水压提高3.5个百分点", "水压提高3.5个百分点"),
        ("供水1,000吨", "供水1,000吨"),
        ("上午10:30开会", "上午10:30开会"),
        ("见 https://example.com/a,b?x=1;y=2 网页", "见 https://example.com/a,b?x=1;y=2 网页"),
        ("坚持PDCA循环(Plan, Do, Check, Act)", "坚持PDCA循环（Plan, Do, Check, Act）"),
        ("Hello, world! (test)", "Hello, world! (test)"),
        ("邮箱 office@cssw.net,电话", "邮箱 office@cssw.net，电话"),
    ],
)
def test_half_width_punctuation_becomes_full_width_only_in_chinese_text(
    scanned: str, cleaned: str
) -> None:
    assert rules.fullwidth_punctuation(scanned) == cleaned


@pytest.mark.parametrize(
    ("raw", "paragraphs"),
    [
        ("\n\n党建专栏\n\n市管企业党建考核组\n\n", ["党建专栏", "市管企业党建考核组"]),
        ("第一段第一行\n第一段第二行\n\n第二段", ["第一段第一行第一段第二行", "第二段"]),
        ("one line\nnext line\n\n第二段", ["one line next line", "第二段"]),
        ("没有空行的文件\n每行一段", ["没有空行的文件", "每行一段"]),
        ("\ufeff带BOM\r\n\r\n的文件", ["带BOM", "的文件"]),
    ],
    ids=["blank-lines", "lines-joined", "latin-lines", "one-per-line", "bom-crlf"],
)
def test_split_paragraphs(raw: str, paragraphs: list[str]) -> None:
    assert rules.split_paragraphs(raw) == paragraphs


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (
            "谭相彦对近期全面从严治党及党建工作进行安排、部署。一要认真谋划2021年度工作计划。各党支部要结合",
            True,
        ),
        ("谭相彦以“竭诚服务会员”为题，向大会作第二届工会委员会工作报告，并提出了下一步工会", True),
        ("要组织和引导职工积极参与解放思想、变革创新，积极开展技术革新、", True),
        ("会上，韩洪锋强调，要强化思想引领；要团结动员广大职工企业，为推动聊城", True),
        ("随后还召开了第三届工会委员会第一次全体会议。", False),
        ("“好的，我们马上为您办理。”", False),
        ("谭相彦强调，推动水务事业在新的历史起点上起航新征程，扬帆再出发！", False),
        ("集团召开三届一次会员代表大会", False),  # a headline, not a cut paragraph
        ("高立伟 张敬恩", False),
    ],
)
def test_a_paragraph_is_cut_when_it_stops_mid_sentence(text: str, cut: bool) -> None:
    assert rules.is_cut(text) is cut


NAMES = ["谭相彦", "王吾雪", "崔好发"]


@pytest.mark.parametrize(
    ("text", "opener"),
    [
        ("支部实际谋划全年工作，积极开展系列特色鲜明的组织生活。", False),
        ("经济社会发展建功立业；要践行全心全意为职工服务的宗旨。", False),
        ("一步加强团的组织建设，完善工作制度，创新工作方法。", False),
        ("时加大城区施工现场的巡检力度，防范因野蛮施工等行为造成的供水管道损坏。", False),
        ("的2021年发展思路和重点任务，对全年的工作早谋划早开局。", False),
        ("水安全、施工方便、造价经济等因素，设计人员经过多次现场勘察。", False),
        ("施运行和水质保障情况。", False),
        ("会上，崔好发通报了集团各党支部第四季度日常考核成绩。", True),
        ("随后还召开了第三届工会委员会第一次全体会议。", True),
        ("一是坚持党建引领，全面加强党对水务事业的绝对领导。", True),
        ("谭相彦对聊城市城市水务集团有限公司第三届工会委员会提出具体要求。", True),
        ("集团党委副书记、董事、总经理王吾雪向大会作了水务集团2020年经营工作报告。", True),
        ("王吾雪指出，2021年是“十四五”开局之年。", True),
        ("刘明远强调，要加强党的建设。", True),  # a name the issue never printed with a title
        ("“好的，我们马上为您办理。”", True),
        ("（上接第一版）心、更舒适、更便捷的专业服务。", True),
    ],
)
def test_opener_tells_a_new_sentence_from_the_second_half_of_a_cut_one(
    text: str, opener: bool
) -> None:
    assert rules.is_opener(text, NAMES) is opener


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("各党支部要结合", "支部实际谋划全年工作。", "各党支部要结合支部实际谋划全年工作。"),
        (
            "全面开展安全隐患排查治理，同",
            "时加大城区施工现场的巡检力度。",
            "全面开展安全隐患排查治理，同时加大城区施工现场的巡检力度。",
        ),
        # The scan printed 心 on both sides of the page break.
        (
            "让老百姓真正体验到更贴心",
            "心、更舒适、更便捷的专业服务。",
            "让老百姓真正体验到更贴心、更舒适、更便捷的专业服务。",
        ),
        (
            "加强团的组织建设，要进",
            "一步加强团的组织建设。",
            "加强团的组织建设，要进一步加强团的组织建设。",
        ),
        # A doubled character that is not before a mark is kept: 人人 may be real.
        ("做到人", "人有责。", "做到人人有责。"),
    ],
)
def test_join_cut(first: str, second: str, joined: str) -> None:
    assert rules.join_cut(first, second) == joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("让老百姓真正体验到更贴心（下转第二版）", ("让老百姓真正体验到更贴心", "二")),
        ("确保群众用水(下转第2版)", ("确保群众用水", "2")),
        ("没有转版的段落。", None),
    ],
)
def test_continued_on(text: str, expected: tuple[str, str] | None) -> None:
    assert rules.continued_on(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（上接第一版）心、更舒适、更便捷的专业服务。", ("心、更舒适、更便捷的专业服务。", "一")),
        ("(接1版)安全。", ("安全。", "1")),
        ("上接第一版的内容", None),
    ],
)
def test_continued_from(text: str, expected: tuple[str, str] | None) -> None:
    assert rules.continued_from(text) == expected


@pytest.mark.parametrize(
    ("text", "lead", "dateline", "byline", "masthead"),
    [
        ("本报讯 1月12日，市国资委党委委员", True, False, False, False),
        ("又讯 12月30日，集团工会组织开展", True, False, False, False),
        (
            "1月28日，水兴市政党支部组织开展“党建知识我来讲”主题党日活动。",
            False,
            True,
            False,
            False,
        ),
        ("近日，润达水业对东郊水厂供水设施进行防腐刷漆。", False, True, False, False),
        ("工作人员于1月25日分别前往市会议接待中心。", False, False, False, False),
        ("袁宵", False, False, True, False),
        ("高立伟 张敬恩", False, False, True, False),
        ("为民务实清廉", False, False, False, False),
        ("聊城市城市水务集团有限公司主办 集团网站：http://www.cssw.net", False, False, False, True),
        ("总编辑：谭相彦 执行总编：王吾雪 责任编辑：曲伟鹏", False, False, False, True),
        ("第1期 总第125期 2021年1月8日", False, False, False, True),
        (
            "“你好，我家里的水表可能冻坏了，能尽快过来给看看吗？”接到市民的求助电话。",
            False,
            False,
            False,
            False,
        ),
    ],
)
def test_leads_datelines_bylines_and_masthead_lines(
    text: str, lead: bool, dateline: bool, byline: bool, masthead: bool
) -> None:
    assert (
        rules.is_lead(text),
        rules.is_dateline(text),
        rules.is_byline(text),
        rules.is_masthead_line(text),
    ) == (lead, dateline, byline, masthead)


CONGRESS = "会上，崔好发通报了集团各党支部第四季度日常考核成绩及党建应知应会知识测试成绩。"
HALF = "支部实际谋划全年工作，积极开展系列特色鲜明、成效明显的组织生活。"
JOINED = "谭相彦对近期全面从严治党及党建工作进行安排、部署。各党支部要结合" + HALF


@pytest.mark.parametrize(
    ("texts", "dropped"),
    [
        ([CONGRESS, CONGRESS, CONGRESS], {1, 2}),
        ([HALF, CONGRESS, JOINED, JOINED], {0, 3}),  # a fragment of a longer paragraph
        (["袁宵", "正文一段很长的文字内容。", "袁宵"], set()),  # short lines may repeat
        ([CONGRESS, HALF], set()),
    ],
    ids=["exact-repeats", "fragment", "bylines", "distinct"],
)
def test_duplicates(texts: list[str], dropped: set[int]) -> None:
    assert rules.duplicates(texts) == dropped


# --- Properties --------------------------------------------------------------------------------
chinese = st.text(
    alphabet=st.sampled_from(
        list("集团召开会议谭相彦出席工作报告年月日") + list(',.;:()!?"0123456789 ab')
    ),
    max_size=60,
)


@given(chinese)
def test_normalise_is_idempotent(text: str) -> None:
    once = rules.normalise(text)
    assert rules.normalise(once) == once


@given(st.text(alphabet=st.characters(max_codepoint=0x7E, min_codepoint=0x20), max_size=80))
def test_text_without_chinese_keeps_its_punctuation(text: str) -> None:
    assert rules.fullwidth_punctuation(text) == text


@given(st.lists(st.sampled_from([CONGRESS, HALF, JOINED, "袁宵"]), max_size=8))
def test_after_dropping_duplicates_no_long_paragraph_is_repeated(texts: list[str]) -> None:
    kept = [t for i, t in enumerate(texts) if i not in rules.duplicates(texts)]
    long = [t for t in kept if len(t) >= rules.MIN_DUPLICATE]
    assert len(long) == len(set(long))
    assert all(not (a != b and a in b) for a in long for b in long)


@pytest.mark.parametrize(
    ("text", "masthead"),
    [
        ("第二版 要闻", True),
        ("— 2 —", True),
        ("3", True),
        ("让老百姓真正体验到更贴心（下转第二版）", False),
        ("（上接第一版）心、更舒适", False),
        ("第二版面的设计", False),
    ],
)
def test_page_lines_are_furniture_but_continuation_marks_are_not(text: str, masthead: bool) -> None:
    assert rules.is_masthead_line(text) is masthead


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("袁宵", ["袁宵"]),
        ("高立伟 张敬恩", ["高立伟", "张敬恩"]),
        ("文/图 张三、李四", ["张三", "李四"]),
    ],
)
def test_byline_names(text: str, names: list[str]) -> None:
    assert rules.is_byline(text)
    assert rules.byline_names(text) == names
