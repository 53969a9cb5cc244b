"""python-docx helpers shared by briefs and minutes: fonts for Chinese, indents, A4, bytes.

`run.font.name` sets only the Latin font; Chinese text needs `w:eastAsia` on the run and on
the style as well, or Word and LibreOffice fall back to a default face.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_LINE_SPACING
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

LATIN = "Times New Roman"
# Names as Chinese Word installations know them; fontconfig maps them on Linux
# (templates/briefs/fonts.conf).
SONG = "宋体"
FANGSONG = "仿宋"
HEITI = "黑体"
KAITI = "楷体"
XIAOBIAOSONG = "方正小标宋简体"
# Every part of a .docx gets this timestamp, so the same record gives the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def set_fonts(element: Any, east_asia: str, latin: str = LATIN) -> None:
    """Latin and East Asian faces on a run's or a style's w:rPr."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for hint in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(hint), None)


def set_language(element: Any) -> None:
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def style_font(style: ParagraphStyle, east_asia: str, size: float, bold: bool = False) -> None:
    style.font.name = LATIN
    style.font.size = Pt(size)
    style.font.bold = bold
    set_fonts(style.element, east_asia)
    set_language(style.element)


# Characters XML 1.0 cannot carry (lxml refuses them): never in a draft.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def add_run(
    paragraph: Paragraph, text: str, east_asia: str, size: float, bold: bool = False
) -> Run:
    run = paragraph.add_run(xml_safe(text))
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    set_fonts(run._element, east_asia)
    return run


def indent_chars(paragraph: Paragraph, size: float, first_line: int = 2) -> None:
    """First-line indent of N characters: firstLineChars for Word, twips for the rest."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(first_line * 100))
    ind.set(qn("w:firstLine"), str(int(first_line * size * 20)))


def exact_spacing(
    paragraph: Paragraph, line_pt: float, before: float = 0, after: float = 0
) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)


def a4(document: DocumentObject, top: float, bottom: float, left: float, right: float) -> None:
    for section in document.sections:
        section.page_width = Mm(210)
        section.page_height = Mm(297)
        section.top_margin = Mm(top)
        section.bottom_margin = Mm(bottom)
        section.left_margin = Mm(left)
        section.right_margin = Mm(right)


# Parts of python-docx's default template that a draft never uses; dropping them keeps the
# file small and quick to write (and removes a thumbnail that shows another document).
_UNUSED_PARTS = ("thumbnail", "stylesWithEffects", "customXml", "webSettings")
# Styles a draft may refer to (directly, or through headers and footers).
_KEPT_STYLES = {"Normal", "Header", "Footer", "Header Char", "Footer Char"}


def _prune(document: DocumentObject) -> None:
    for owner in (document.part.package, document.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS:
                owner.rels.pop(rid)
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        default = style.get(qn("w:default")) == "1"
        if not default and (name is None or name.get(qn("w:val")) not in _KEPT_STYLES):
            styles.remove(style)


@functools.lru_cache(maxsize=1)
def _base() -> bytes:
    """python-docx's default template, pruned once: each draft then parses a small package."""
    document = Document()
    _prune(document)
    return to_bytes(document)


def new_document(body_font: str, size: float) -> DocumentObject:
    document = Document(io.BytesIO(_base()))
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    style_font(normal, body_font, size)
    # The document defaults too, so text outside a styled paragraph is Chinese-capable.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for hint in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(hint), None)
                fonts.set(qn("w:ascii"), LATIN)
                fonts.set(qn("w:hAnsi"), LATIN)
                fonts.set(qn("w:eastAsia"), body_font)
    return document


def properties(
    document: DocumentObject,
    title: str,
    author: str,
    when: datetime | None,
    subject: str,
    keywords: str,
) -> None:
    """Core properties; times from the record, never the clock, so output is reproducible."""
    stamp = (when or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)
    props = document.core_properties
    title, author = xml_safe(title), xml_safe(author)
    props.title = title[:255]
    props.author = author[:255]
    props.last_modified_by = author[:255]
    props.subject = xml_safe(subject)[:255]
    props.keywords = xml_safe(keywords)[:255]
    props.language = "zh-CN"
    props.category = subject[:255]
    props.comments = "由会议记录自动生成的草稿，请核对后使用。"
    props.revision = 1
    props.created = stamp.replace(tzinfo=None)
    props.modified = stamp.replace(tzinfo=None)
    props.last_printed = stamp.replace(tzinfo=None)


class _FixedTimeZip:
    """A physical package writer (python-docx's interface) that stamps every part with
    ZIP_TIME instead of the clock."""

    def __init__(self, target: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, blob, compresslevel=1)  # fast; a draft is small anyway

    def close(self) -> None:
        self._zip.close()


def to_bytes(document: DocumentObject) -> bytes:
    """The .docx bytes with fixed zip timestamps: identical input, identical file.

    The same steps as python-docx's OpcPackage.save (its PackageWriter), with a writer of our
    own, so the parts are compressed once and carry no clock time.
    """
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeZip(out)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)  # type: ignore[arg-type]
    writer.close()
    return out.getvalue()
