"""The Word files, parsed back: page, fonts (East Asian too), indents, spacing, properties."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from governance.briefs import docx_brief, docx_minutes
from governance.briefs.model import Block, Brief, Item, Minutes

WHEN = datetime(2021, 1, 20, 8, 30, tzinfo=UTC)
BRIEF = Brief(
    headline="集团召开三届一次会员代表大会",
    item=Item(
        "本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。", ("会上，谭相彦作报告。",)
    ),
    also=(Item("又讯 1月20日，聊城水务集团共青团召开第三次团员大会。"),),
    authors=("高立伟", "张敬恩"),
    day=date(2021, 1, 20),
    organisation="聊城水务集团工会",
    updated_at=WHEN,
)
MINUTES = Minutes(
    title="聊城水务集团工会三届一次会员代表大会纪要",
    blocks=(
        Block("2021年1月20日，聊城水务集团工会召开三届一次会员代表大会。"),
        Block("一、会议听取的报告", 1),
        Block("（一）第二届工会委员会工作报告", 2),
        Block("谭相彦作报告。"),
    ),
    lists=(("出席", "谭相彦、王吾雪"), ("请假", "张永正")),
    day=date(2021, 1, 20),
    organisation="聊城水务集团工会",
    updated_at=WHEN,
)


def east_asian(run_or_style_element: object) -> str | None:
    rpr = run_or_style_element.find(qn("w:rPr"))  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def first_line_chars(paragraph: docx.text.paragraph.Paragraph) -> str | None:
    ppr = paragraph._p.pPr
    ind = ppr.find(qn("w:ind")) if ppr is not None else None
    return ind.get(qn("w:firstLineChars")) if ind is not None else None


def test_brief_is_a4_with_a_centred_heiti_headline() -> None:
    document = docx.Document(io.BytesIO(docx_brief.render(BRIEF)))
    section = document.sections[0]
    # Stored in twips: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    headline = document.paragraphs[0]
    assert headline.text == "集团召开三届一次会员代表大会"
    assert headline.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(headline.runs[0]._r) == "黑体"
    assert headline.runs[0].font.size == Pt(22)


def test_brief_body_is_fangsong_indented_two_characters_with_fixed_spacing() -> None:
    document = docx.Document(io.BytesIO(docx_brief.render(BRIEF)))
    lead, body, also, authors = document.paragraphs[1:]
    assert lead.text == "本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。"
    assert [(r.text, east_asian(r._r)) for r in lead.runs] == [
        ("本报讯", "黑体"),
        (" 1月20日，聊城水务集团工会召开三届一次会员代表大会。", "仿宋"),
    ]
    assert also.runs[0].text == "又讯"
    for paragraph in (lead, body, also):
        assert first_line_chars(paragraph) == "200"
        assert paragraph.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert paragraph.paragraph_format.line_spacing == Pt(28)
        assert all(run.font.size == Pt(16) for run in paragraph.runs)
    assert authors.text == "高立伟  张敬恩"
    assert authors.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    normal = document.styles["Normal"]
    assert east_asian(normal.element) == "仿宋"
    assert normal.font.size == Pt(16)


def test_brief_properties_come_from_the_record() -> None:
    props = docx.Document(io.BytesIO(docx_brief.render(BRIEF))).core_properties
    assert props.title == "集团召开三届一次会员代表大会"
    assert props.author == "高立伟、张敬恩"
    assert props.created == WHEN
    assert props.modified == WHEN
    assert props.language == "zh-CN"
    assert props.keywords == "本报讯;2021-01-20"


def test_the_same_draft_gives_the_same_bytes() -> None:
    assert docx_brief.render(BRIEF) == docx_brief.render(BRIEF)
    assert docx_minutes.render(MINUTES) == docx_minutes.render(MINUTES)
    with zipfile.ZipFile(io.BytesIO(docx_brief.render(BRIEF))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_minutes_follow_the_gbt_9704_page() -> None:
    document = docx.Document(io.BytesIO(docx_minutes.render(MINUTES)))
    section = document.sections[0]
    # Stored in twips: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "580"  # 225 mm / 22 lines = 28.99 pt, in twips


def test_minutes_title_headings_and_body_faces() -> None:
    document = docx.Document(io.BytesIO(docx_minutes.render(MINUTES)))
    title, opening, heading1, heading2, text, _blank, present, excused = document.paragraphs
    assert title.text == "聊城水务集团工会三届一次会员代表大会纪要"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (east_asian(title.runs[0]._r), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    faces = [(p.text, east_asian(p.runs[0]._r)) for p in (opening, heading1, heading2, text)]
    assert faces == [
        ("2021年1月20日，聊城水务集团工会召开三届一次会员代表大会。", "仿宋"),
        ("一、会议听取的报告", "黑体"),
        ("（一）第二届工会委员会工作报告", "楷体"),
        ("谭相彦作报告。", "仿宋"),
    ]
    for paragraph in (opening, heading1, heading2, text, present, excused):
        assert first_line_chars(paragraph) == "200"
        assert all(run.font.size == Pt(16) for run in paragraph.runs)
    assert [(r.text, east_asian(r._r)) for r in present.runs] == [
        ("出席：", "黑体"),
        ("谭相彦、王吾雪", "仿宋"),
    ]
    assert excused.text == "请假：张永正"


def test_minutes_number_pages_with_a_page_field_between_dashes() -> None:
    document = docx.Document(io.BytesIO(docx_minutes.render(MINUTES)))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        instructions = [e.text for e in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        assert all(run.font.size == Pt(14) for run in paragraph.runs)


def test_characters_xml_cannot_carry_are_left_out() -> None:
    odd = Brief(headline="标题\ufffe", item=Item("本报讯 1月20日，会议\ud800召开。"))
    document = docx.Document(io.BytesIO(docx_brief.render(odd)))
    assert [p.text for p in document.paragraphs] == ["标题", "本报讯 1月20日，会议召开。"]
