"""Putting the scanned issue back together: the real corpus, and an issue the rules never saw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from governance.importing import articles, paragraphs, rules
from governance.importing.articles import Article, Issue
from governance.importing.naming import printed_names
from governance.importing.paragraphs import Kind

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "newsletter-2021-01.txt"
UNSEEN = DATA / "unseen-issue.txt"


def assemble(path: Path) -> Issue:
    texts = [rules.normalise(p) for p in rules.split_paragraphs(path.read_text(encoding="utf-8"))]
    return articles.assemble(texts, printed_names(texts))


@pytest.fixture(scope="module")
def corpus() -> Issue:
    return assemble(CORPUS)


def by_headline(issue: Issue, headline: str) -> Article:
    return next(a for a in issue.articles if a.headline == headline)


HEADLINES = [
    "市管企业党建考核组到水务集团进行党建工作考核",
    "集团召开系列工作考核",
    "集团召开三届一次职工代表大会",
    "",  # 1月28日 水兴市政党支部 (a dateline item without headline)
    "",  # 1月28日 党群党支部 and four others
    "集团召开三届一次会员代表大会",
    "集团共青团召开第三次团员大会",
    "聊城水务集团召开2021年工作会议",
    "聊城水务集团圆满完成聊城“两会”安全供水任务",
    "走进“12345市民热线·政风行风”直播间",
    "伯阳设计公司完成朱老庄镇农村饮水安全项目设计任务",
    "",  # 近日，润达水业… (a photo caption)
    "寒潮之下 供水服务有温度",
]


def test_the_corpus_has_thirteen_articles_in_reading_order(corpus: Issue) -> None:
    assert [a.headline for a in corpus.articles] == HEADLINES


def test_every_lead_of_the_scan_opens_one_article(corpus: Issue) -> None:
    raw = CORPUS.read_text(encoding="utf-8")
    datelines = re.findall(r"本报讯 ((?:\d+月\d+日(?:至\d+日)?)|近日|“)", raw)
    assert datelines == [
        "1月12日",
        "1月13日",
        "1月22日",
        "1月20日",
        "1月20日",
        "1月22日",
        "1月26日至30日",
        "1月6日",
        "近日",
        "“",
    ]
    leads = [a.lead for a in corpus.articles if a.lead.startswith("本报讯")]
    assert len(leads) == len(datelines)
    assert [re.match(r"本报讯 (\S+?)，", lead).group(1) for lead in leads[:8]] == [  # type: ignore[union-attr]
        "1月12日",
        "1月13日",
        "1月22日",
        "1月20日",
        "1月20日",
        "1月22日",
        "1月26日至30日",
        "1月6日",
    ]


def test_no_paragraph_is_left_twice(corpus: Issue) -> None:
    paragraphs = [p for a in corpus.articles for p in a.paragraphs]
    assert len(paragraphs) == len(set(paragraphs))
    for text in paragraphs:  # nor as a fragment of another
        assert not any(text != other and text in other for other in paragraphs), text
    assert len(corpus.duplicates) == 19


def test_scanner_duplicates_appear_once(corpus: Issue) -> None:
    whole = "\n".join(a.text for a in corpus.articles)
    assert (
        whole.count("谭相彦指出，“十三五”时期，集团实现了从“跨越式发展”向“高质量发展”的转变") == 1
    )
    assert whole.count("会上，崔好发通报了集团各党支部第四季度日常考核成绩") == 1
    assert whole.count("考核组对集团党建工作给予充分肯定") == 1
    assert whole.count("时加大城区施工现场的巡检力度") == 1


def test_masthead_slogans_and_column_names_are_dropped(corpus: Issue) -> None:
    assert corpus.furniture == [
        "党建专栏",
        "安全优质服务真诚科学规范和谐发展",
        "聊城水务",
        "聊城市城市水务集团有限公司主办 集团网站：http://www.cssw.net",
        "总编辑：谭相彦 执行总编：王吾雪 责任编辑：曲伟鹏",
        "为民务实清廉",
    ]
    whole = "\n".join(a.text for a in corpus.articles)
    assert "责任编辑" not in whole and "为民务实清廉" not in whole and "党建专栏" not in whole


def test_the_traditional_league_paragraph_comes_out_simplified(corpus: Issue) -> None:
    league = by_headline(corpus, "集团共青团召开第三次团员大会")
    assert league.body[-1] == (
        "第二届团委以“勇立潮头，担当作为，开创团委工作新程”为主题向大会作工作报告，系统回顾了"
        "“十三五”期间水务集团共青团的各项工作，并提出了未来五年共青团的工作思路。会议宣读、通过了"
        "《聊城水务集团第三次团员大会选举办法》（草案），监票人、计票人建议名单，并根据选举程序，"
        "经全体工会会员代表无记名投票，选举产生了共青团聊城市城市水务集团有限公司第三届委员会。"
    )
    assert not re.search("[屆團務會員選舉]", "\n".join(a.text for a in corpus.articles))


def test_the_league_article_joins_its_paragraph_cut_across_columns(corpus: Issue) -> None:
    league = by_headline(corpus, "集团共青团召开第三次团员大会")
    assert league.lead.startswith("本报讯 1月20日，聊城水务集团共青团召开第三次团员大会。")
    assert league.body[0].startswith("会上，谭相彦对共青团聊城市城市水务集团有限公司第三届委员会")
    assert "用“中国梦”激发团员青年的历史责任感；要进一步加强团的组织建设，" in league.body[0]
    assert len(league.body) == 2


def test_the_union_article_gets_its_displaced_paragraphs(corpus: Issue) -> None:
    union = by_headline(corpus, "集团召开三届一次会员代表大会")
    assert union.lead.startswith("本报讯 1月20日，聊城水务集团工会三届一次会员代表大会召开。")
    assert [p[:12] for p in union.body] == [
        "会上，韩洪锋强调，要强化",
        "谭相彦以“竭诚服务会员，",
        "谭相彦对聊城市城市水务集",
        "随后还召开了第三届工会委",
    ]
    assert "为推动聊城经济社会发展建功立业；要践行全心全意为职工服务的宗旨" in union.body[0]
    # Two paragraphs stop mid-sentence and their ends are not in the scan: kept, and flagged.
    assert union.warnings == [
        "段落在“成绩，并提出了下一步工会”处中断，后文在扫描件中缺失。",
        "段落在“创新，积极开展技术革新、”处中断，后文在扫描件中缺失。",
    ]


def test_the_work_conference_halves_are_joined_across_the_pages(corpus: Issue) -> None:
    conference = by_headline(corpus, "聊城水务集团召开2021年工作会议")
    text = conference.text
    assert "让老百姓真正体验到更贴心、更舒适、更便捷的专业服务。要强化意识形态阵地建设" in text
    assert "下转" not in text and "上接" not in text
    # 谭相彦's report, 王吾雪's (printed after the 两会 article) and 崔好发's closing words.
    assert [p[:5] for p in conference.body] == [
        "集团党委书", "谭相彦指出", "谭相彦强调", "一是坚持党", "二是聚焦主",
        "谭相彦号召", "集团党委副", "王吾雪指出", "王吾雪要求", "一是严守安", "二是保持经",
        "三是打造聊", "四是推进国", "五是加快重", "六是推动综", "七是确保疫",
        "集团党委副", "一是深刻领", "二是弘扬先", "三是强化措", "会议宣读了", "会前，根据",
    ]  # fmt: skip
    assert conference.body[-1].startswith("会前，根据疫情防控相关要求")
    assert conference.authors == ["高立伟", "张敬恩"]
    # The run printed after the 两会 article belongs to the conference, not to 两会.
    lianghui = by_headline(corpus, "聊城水务集团圆满完成聊城“两会”安全供水任务")
    assert [p[:8] for p in lianghui.body] == ["加强隐患排查治理"]
    assert "同时加大城区施工现场的巡检力度" in lianghui.body[0]
    assert lianghui.authors == []


def test_authors_close_their_articles(corpus: Issue) -> None:
    assert {a.headline: a.authors for a in corpus.articles if a.authors} == {
        "聊城水务集团召开2021年工作会议": ["高立伟", "张敬恩"],
        "走进“12345市民热线·政风行风”直播间": ["袁宵"],
        "伯阳设计公司完成朱老庄镇农村饮水安全项目设计任务": ["张安康"],
        "寒潮之下 供水服务有温度": ["袁宵"],
    }


def test_cut_paragraphs_next_to_each_other_are_joined(corpus: Issue) -> None:
    design = by_headline(corpus, "伯阳设计公司完成朱老庄镇农村饮水安全项目设计任务")
    assert "多方面考虑生态环境、供水安全、施工方便、造价经济等因素" in design.body[0]
    series = by_headline(corpus, "集团召开系列工作考核")
    assert series.body == [
        "会上，崔好发通报了集团各党支部第四季度日常考核成绩及党建应知应会知识测试成绩。"
        "四季度党建考核后，各支部书记进行了党建年度述职评议。",
        "谭相彦对近期全面从严治党及党建工作进行安排、部署。一要认真谋划2021年度工作计划。"
        "各党支部要结合支部实际谋划全年工作，积极开展系列特色鲜明、成效明显的组织生活，"
        "教育引导党员提高政治站位，充分发挥先锋模范作用，优质高效地完成各项工作任务。",
    ]


def test_classify_marks_the_kinds_of_paragraph() -> None:
    texts = [
        "党建专栏",
        "集团召开系列工作考核",
        "本报讯 1月13日，集团召开会议。",
        "会上，谭相彦讲话。",
        "袁宵",
        "聊城市城市水务集团有限公司主办",
        "为民务实清廉",
    ]
    assert [p.kind for p in paragraphs.classify(texts)] == [
        Kind.HEADLINE,
        Kind.HEADLINE,
        Kind.LEAD,
        Kind.BODY,
        Kind.BYLINE,
        Kind.MASTHEAD,
        Kind.FURNITURE,
    ]


@pytest.mark.parametrize(
    ("headline", "lead", "matches"),
    [
        (
            "集团召开三届一次会员代表大会",
            "本报讯 1月20日，聊城水务集团工会三届一次会员代表大会召开。",
            True,
        ),
        (
            "集团共青团召开第三次团员大会",
            "本报讯 1月20日，聊城水务集团共青团召开第三次团员大会。",
            True,
        ),
        (
            "集团召开三届一次会员代表大会",
            "本报讯 1月20日，聊城水务集团共青团召开第三次团员大会。",
            False,
        ),
        ("党建专栏", "1月28日，水兴市政党支部组织开展“党建知识我来讲”主题党日活动。", False),
    ],
)
def test_a_displaced_headline_finds_its_lead(headline: str, lead: str, matches: bool) -> None:
    assert (articles.headline_match(headline, lead) >= articles.HEADLINE_MATCH) is matches


# --- An issue the rules were not written against ------------------------------------------------
@pytest.fixture(scope="module")
def unseen() -> Issue:
    return assemble(UNSEEN)


def test_unseen_issue_splits_into_its_three_articles(unseen: Issue) -> None:
    assert [(a.headline, a.lead[:16]) for a in unseen.articles] == [
        ("集团召开2020年度党员大会", "本报讯 12月28日，聊城水务集"),
        ("", "又讯 12月30日，集团工会组织"),
        ("省住建厅调研组到城南供水公司调研", "本报讯 1月4日，省住建厅城建处"),
    ]
    assert unseen.furniture == [
        "聊城水务",
        "第1期 总第125期 2021年1月8日",
        "综合新闻",
        "安全优质服务",
    ]


def test_unseen_issue_is_cleaned_like_the_corpus(unseen: Issue) -> None:
    congress, _, visit = unseen.articles
    assert congress.body == [
        "会议由集团党委委员、组织部部长周海燕主持。集团86名党员参加。",
        "会上，刘明远作了题为《凝心聚力 砥砺前行》的工作报告，总结了一年来集团党建工作取得的成绩，"
        "并对下一步工作提出要求。",
        "陈晓峰宣读了《关于表彰2020年度优秀共产党员的决定》。周海燕通报了年度党费收缴情况。",
    ]
    assert visit.body == [
        "调研组一行先后察看了城南供水公司加压泵站、中控室，详细了解了供水设施运行和水质保障情况。"
        "黄立群对城南供水公司近年来的工作给予肯定，要求进一步加强水质管理，确保群众用水安全。"
        "陈晓峰表示，将认真落实调研组提出的意见建议，持续提升供水服务水平。",
    ]
    assert visit.authors == ["吴海涛", "孙丽"]
    assert all(not a.warnings for a in unseen.articles)


def test_a_subtitle_joins_its_headline_and_page_lines_are_furniture() -> None:
    texts = [
        "第二版 要闻",
        "坚守一线保供水",
        "——记润达水业维修班",
        "本报讯 1月9日，润达水业维修班连续奋战。",
        "— 2 —",
    ]
    issue = articles.assemble(texts)
    assert [(a.headline, a.lead) for a in issue.articles] == [
        ("坚守一线保供水——记润达水业维修班", "本报讯 1月9日，润达水业维修班连续奋战。")
    ]
    assert issue.furniture == ["第二版 要闻", "— 2 —"]
