"""What an election gives to read: the result announcement (Chinese text from
templates/elections/announcement.txt) and the tally sheet as a Word table.

Functions take plain objects and return text or bytes: no database, no clock, so the same count
always gives the same announcement and the same .docx bytes.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from math import gcd
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from governance.core.timing import local_day
from governance.core.yamltext import load_yaml
from governance.elections.procedures import Procedure, Threshold
from governance.elections.rules import Ballots, ElectionResult, Outcome, Voters
from governance.records.rules import chinese_number, full_date

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "elections"
OFFICER_ORDER = ("chief_scrutineer", "scrutineer", "teller")
COLUMN_WIDTHS_CM = (1.5, 5.5, 2.0, 2.0, 2.0, 3.0)  # 16 cm: the text width of A4 with Word's margins


@dataclass(frozen=True)
class ElectionDocument:
    """Everything the announcement and the tally sheet print, gathered by the service."""

    title: str
    event_title: str
    date: date
    round_kind: str
    round_number: int
    seats: int
    candidate_count: int
    procedure: Procedure
    voters: Voters
    ballots: Ballots
    result: ElectionResult
    officers: tuple[tuple[str, str], ...]  # (role, name), chief scrutineer first
    version: int
    correction_reason: str
    certified_by: str | None
    certified_at: datetime | None
    sample: bool


def _labels() -> dict[str, Any]:
    loaded = load_yaml((TEMPLATES / "labels.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@cache
def text_templates() -> SandboxedEnvironment:
    """The plain-text templates of templates/elections (announcement, brief sentences)."""
    # Kept for the process; Jinja still reloads the template when the file changes.
    env = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # plain text, never HTML
    )
    env.filters["cn"] = chinese_number
    return env


def _rule(threshold: Threshold) -> dict[str, Any]:
    return {
        **threshold.model_dump(mode="json"),
        "gcd": gcd(threshold.numerator, threshold.denominator) or 1,
    }


def announcement_context(doc: ElectionDocument, counts: bool) -> dict[str, Any]:
    labels = _labels()
    by_outcome: dict[Outcome, list[Any]] = {o: [] for o in Outcome}
    for candidate in doc.result.candidates:
        by_outcome[candidate.outcome].append(candidate)
    elected = [c for c in by_outcome[Outcome.ELECTED]]
    officers = [
        (labels["officers"][role], [name for r, name in doc.officers if r == role])
        for role in OFFICER_ORDER
    ]
    reasons = [
        (labels["invalid"][key], getattr(doc.ballots, key))
        for key in ("over_marked", "stray_marks", "other")
        if getattr(doc.ballots, key)
    ]
    return {
        "sample": doc.sample,
        "title": doc.title,
        "event_title": doc.event_title,
        "date": full_date(doc.date),
        "round_kind": doc.round_kind,
        "round_number": doc.round_number,
        "seats": doc.seats,
        "candidate_count": doc.candidate_count,
        "procedure": doc.procedure.model_dump(mode="json"),
        "quorum": _rule(doc.procedure.quorum),
        "election_rule": _rule(doc.procedure.election),
        "voters": doc.voters.model_dump(),
        "ballots": doc.ballots.model_dump(),
        "invalid_reasons": reasons,
        "result": doc.result.model_dump(mode="json"),
        "elected": elected,
        "tied": by_outcome[Outcome.TIED],
        "not_elected": [c for c in by_outcome[Outcome.NOT_ELECTED] if not c.write_in],
        "write_ins": [c for c in by_outcome[Outcome.NOT_ELECTED] if c.write_in],
        "next_round": doc.result.next_round.model_dump(mode="json")
        if doc.result.next_round
        else None,
        "counts": counts,
        "officers": [(label, names) for label, names in officers if names],
        "version": doc.version,
        "correction_reason": doc.correction_reason,
        "certified_by": doc.certified_by,
        "certified_date": full_date(local_day(doc.certified_at)) if doc.certified_at else "",
    }


def announcement(doc: ElectionDocument, counts: bool = False) -> str:
    """选举结果公告: the elected in surname stroke order, with their votes when `counts`."""
    template = text_templates().get_template("announcement.txt")
    text = template.render(**announcement_context(doc, counts))
    # Block tags leave blank lines behind: keep one between paragraphs, none at either end.
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy = [line for i, line in enumerate(lines) if line or lines[i - 1]]
    return "\n".join(tidy) + "\n"


# --- tally sheet (.docx) ---------------------------------------------------------------------
def _xml_safe(text: str) -> str:
    """Drop what XML 1.0 cannot hold (lone surrogates, U+FFFE…), which Word could not open."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r"
        or 0x20 <= ord(c) <= 0xD7FF
        or 0xE000 <= ord(c) <= 0xFFFD
        or 0x10000 <= ord(c) <= 0x10FFFF
    )


def _text(paragraph: Any, text: str, east_asian: str, size: float) -> None:
    run = paragraph.add_run(_xml_safe(text))
    # Copying a finished <w:rPr> is ~50 times faster than python-docx's setters on each run,
    # which matters for a sheet of hundreds of names.
    run._element.insert(0, deepcopy(_run_properties(east_asian, size)))


@cache
def _run_properties(east_asian: str, size: float) -> Any:
    run = Document().add_paragraph().add_run()
    _font(run, east_asian, size)
    return run._element.rPr


def _font(run: Run, east_asian: str, size: float) -> None:
    run.font.name = east_asian
    run.font.size = Pt(size)
    # run.font.name sets only the Latin font; Chinese text needs the East Asian one too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, so identical input gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def tally_sheet_docx(doc: ElectionDocument) -> bytes:
    """计票结果报告单: ballots, then one row per name in stroke order, then the officers."""
    labels = _labels()["sheet"]
    outcome_labels = _labels()["outcomes"]
    document = Document()
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = labels["font"]
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), labels["font"])
    core = document.core_properties
    core.title = _xml_safe(f"{doc.title}{labels['heading']}")
    core.author = ""
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(heading, core.title, labels["heading_font"], 18)
    if doc.sample:
        _text(document.add_paragraph(), labels["sample"], labels["font"], 12)
    ballots = doc.ballots
    for line in (
        f"{labels['event']}：{doc.event_title}（{full_date(doc.date)}）",
        labels["summary"].format(
            seats=doc.seats,
            due=doc.voters.due,
            present=doc.voters.present,
            issued=ballots.issued,
            returned=ballots.returned,
            valid=ballots.valid,
            invalid=ballots.invalid,
        ),
    ):
        _text(document.add_paragraph(), line, labels["font"], 12)
    columns = labels["columns"]
    lines = doc.result.candidates
    table = document.add_table(rows=1 + len(lines), cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS_CM, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    header = [(text, labels["heading_font"]) for text in columns]
    body = [
        [
            (str(number), labels["font"]),
            (c.name + (labels["write_in"] if c.write_in else ""), labels["font"]),
            (str(c.votes_for), labels["font"]),
            ("" if c.write_in else str(c.votes_against), labels["font"]),
            ("" if c.write_in else str(c.votes_abstain), labels["font"]),
            (outcome_labels[c.outcome.value], labels["font"]),
        ]
        for number, c in enumerate(lines, start=1)
    ]
    # One pass over the rows: python-docx rebuilds a row's cells on each `.cells`.
    for row, values in zip(table.rows, [header, *body], strict=True):
        for i, (cell, (text, font)) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Cm(COLUMN_WIDTHS_CM[i])
            paragraph = cell.paragraphs[0]
            if i != 1:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(paragraph, text, font, 12)
    document.add_paragraph()  # a line between the table and the signatures
    officers = _labels()["officers"]
    for role in OFFICER_ORDER:
        names = "、".join(name for r, name in doc.officers if r == role)
        line = f"{officers[role]}（{labels['signature']}）：{names}"
        _text(document.add_paragraph(), line, labels["font"], 12)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
