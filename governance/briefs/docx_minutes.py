"""Minutes (会议纪要) as a Word document in the layout of GB/T 9704-2012.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a 156 × 225 mm type area);
22 lines of 28 characters; title 2号 小标宋 (22 pt) centred; body 3号 仿宋 (16 pt); headings
一、 in 黑体 and （一） in 楷体; page numbers "— 1 —" in 4号 宋体 below the type area, on the
right of odd pages and the left of even pages, one character in from the edge.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from governance.briefs.docx_common import (
    FANGSONG,
    HEITI,
    KAITI,
    SONG,
    XIAOBIAOSONG,
    a4,
    add_run,
    exact_spacing,
    indent_chars,
    new_document,
    properties,
    to_bytes,
)
from governance.briefs.model import Minutes

TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26  # mm
LINES, CHARS = 22, 28
TYPE_WIDTH_MM = 210 - LEFT - RIGHT  # 156
TYPE_HEIGHT_MM = 297 - TOP - BOTTOM  # 225
MM_PT = 72 / 25.4
LINE_PITCH_PT = TYPE_HEIGHT_MM * MM_PT / LINES  # 28.99 pt: 22 lines fill the type area
CHAR_PITCH_PT = TYPE_WIDTH_MM * MM_PT / CHARS  # 15.79 pt: 28 characters fill a line
# 16 pt characters are 0.21 pt wider than 28 to a 156 mm line allow: condense each a little.
CONDENSE_PT = 0.25
# The page number's dash line sits 7 mm below the type area.
FOOTER_DISTANCE_MM = BOTTOM - 7 - PAGE_NUMBER_PT / MM_PT


def _grid(document: DocumentObject) -> None:
    """A line grid of 22 lines per page. Characters per line come from a slight condensing
    of the body text (CONDENSE), not from a character grid: LibreOffice reads Word's
    `linesAndChars` grid differently and would spread the characters."""
    for section in document.sections:
        sect = section._sectPr
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
        grid.attrib.pop(qn("w:charSpace"), None)


def _condensed(run: Run) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(-round(CONDENSE_PT * 20)))
    run._r.get_or_add_rPr().append(spacing)


def _page_field(paragraph: Paragraph) -> None:
    """— PAGE — with a real PAGE field, so every page prints its own number."""
    add_run(paragraph, "— ", SONG, PAGE_NUMBER_PT)
    run = add_run(paragraph, "", SONG, PAGE_NUMBER_PT)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)
    add_run(paragraph, " —", SONG, PAGE_NUMBER_PT)


def _page_numbers(document: DocumentObject) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        odd = section.footer.paragraphs[0]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        _page_field(odd)
        even = section.even_page_footer.paragraphs[0]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        _page_field(even)


def render(minutes: Minutes) -> bytes:
    document = new_document(FANGSONG, BODY_PT)
    a4(document, TOP, BOTTOM, LEFT, RIGHT)
    _grid(document)
    _page_numbers(document)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The title takes two grid lines, and one empty line separates it from the body.
    exact_spacing(title, LINE_PITCH_PT * 1.2, after=LINE_PITCH_PT)
    add_run(title, minutes.title, XIAOBIAOSONG, TITLE_PT)

    for block in minutes.blocks:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        exact_spacing(paragraph, LINE_PITCH_PT)
        indent_chars(paragraph, BODY_PT)
        face = {1: HEITI, 2: KAITI}.get(block.level, FANGSONG)
        _condensed(add_run(paragraph, block.text, face, BODY_PT))

    if minutes.lists:
        document.add_paragraph()  # an empty line between the body and the lists
        for label, names in minutes.lists:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            exact_spacing(paragraph, LINE_PITCH_PT)
            indent_chars(paragraph, BODY_PT)
            _condensed(add_run(paragraph, f"{label}：", HEITI, BODY_PT))
            _condensed(add_run(paragraph, names, FANGSONG, BODY_PT))

    properties(
        document,
        title=minutes.title,
        author=minutes.organisation or "聊城水务集团",
        when=minutes.updated_at,
        subject="会议纪要",
        keywords=f"会议纪要;{minutes.day.isoformat() if minutes.day else ''}",
    )
    return to_bytes(document)
