"""A brief (本报讯) as a Word document: A4, headline centred in 黑体, body in 仿宋 with a
two-character first-line indent and fixed line spacing, authors right-aligned."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from governance.briefs.docx_common import (
    FANGSONG,
    HEITI,
    KAITI,
    a4,
    add_run,
    exact_spacing,
    indent_chars,
    new_document,
    properties,
    to_bytes,
)
from governance.briefs.model import Brief, Item

HEADLINE_PT = 22  # 二号
BODY_PT = 16  # 三号
LINE_PT = 28  # fixed line spacing: 28 pt for 16 pt Chinese text reads evenly
DATELINES = ("本报讯", "又讯")


def _item(document: DocumentObject, item: Item) -> None:
    for index, text in enumerate((item.lead, *item.paragraphs)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        exact_spacing(paragraph, LINE_PT)
        indent_chars(paragraph, BODY_PT)
        dateline = next((d for d in DATELINES if index == 0 and text.startswith(d)), None)
        if dateline:
            add_run(paragraph, dateline, HEITI, BODY_PT)
            text = text[len(dateline) :]
        add_run(paragraph, text, FANGSONG, BODY_PT)


def render(brief: Brief) -> bytes:
    document = new_document(FANGSONG, BODY_PT)
    a4(document, top=30, bottom=28, left=28, right=26)
    for section in document.sections:
        section.header_distance = Mm(15)
        section.footer_distance = Mm(15)

    headline = document.add_paragraph()
    headline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_spacing(headline, 36, after=LINE_PT)
    add_run(headline, brief.headline, HEITI, HEADLINE_PT)

    _item(document, brief.item)
    for extra in brief.also:
        _item(document, extra)

    if brief.authors:
        authors = document.add_paragraph()
        authors.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        exact_spacing(authors, LINE_PT, before=LINE_PT / 2)
        authors.paragraph_format.right_indent = Mm(11)  # about two characters from the edge
        add_run(authors, "  ".join(brief.authors), KAITI, BODY_PT)

    properties(
        document,
        title=brief.headline,
        author="、".join(brief.authors) or brief.organisation or "聊城水务集团",
        when=brief.updated_at,
        subject="本报讯",
        keywords=f"本报讯;{brief.day.isoformat() if brief.day else ''}",
    )
    return to_bytes(document)
