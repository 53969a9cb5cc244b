"""The drafts open cleanly in LibreOffice with Chinese fonts: converted to PDF headless, the page
is A4, the text is there (pdftotext) and a CJK font is embedded (pdffonts).

.ci/run installs libreoffice-writer-nogui, fonts-noto-cjk and poppler-utils; without soffice
these tests are skipped, saying so (and fail under CI, see tests/tools.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlmodel import Session, select

from governance.briefs import docx_brief, docx_minutes, render, service
from governance.records.models import Event
from tests.newsletter import load_newsletter
from tests.tools import missing

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TOOLS = ("pdfinfo", "pdftotext", "pdffonts")


@pytest.fixture(autouse=True)
def _tools() -> None:
    if render.soffice() is None or any(shutil.which(t) is None for t in TOOLS):
        missing(
            "LibreOffice or poppler is not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
        )


def pdf_facts(pdf: bytes, folder: Path) -> tuple[str, str, str]:
    """(pdfinfo, text without spaces, pdffonts) of a PDF."""
    path = folder / "draft.pdf"
    path.write_bytes(pdf)

    def run(*args: str) -> str:
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    text = run("pdftotext", "-enc", "UTF-8", str(path), "-")
    return run("pdfinfo", str(path)), re.sub(r"\s+", "", text), run("pdffonts", str(path))


def embedded_cjk_fonts(fonts: str) -> list[str]:
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    # Columns: name, type (one or two words), encoding, emb, sub, uni, object id.
    return [row[0] for row in rows if "CJK" in row[0] and row[-5] == "yes"]


def union_congress(session: Session) -> int:
    load_newsletter(session)
    event = session.exec(select(Event).where(Event.key == "2021-01-20-union-congress")).one()
    return event.id or 0


def test_brief_renders_on_a4_with_an_embedded_cjk_font(session: Session, tmp_path: Path) -> None:
    event_id = union_congress(session)
    draft = service.brief(session, event_id, authors=["高立伟", "张敬恩"])
    info, text, fonts = pdf_facts(render.to_pdf(docx_brief.render(draft)), tmp_path)
    assert "(A4)" in info
    assert text.startswith("集团召开三届一次会员代表大会本报讯1月20日，聊城水务集团工会召开")
    assert "集团41名工会会员代表参加。" in text
    assert text.endswith("高立伟张敬恩")
    assert embedded_cjk_fonts(fonts), fonts
    # 黑体 (headline, 本报讯) and 仿宋 (body) come out as two faces, sans and serif.
    assert any("Sans" in name for name in embedded_cjk_fonts(fonts)), fonts
    assert any("Serif" in name for name in embedded_cjk_fonts(fonts)), fonts


def test_minutes_render_on_a4_with_page_numbers(session: Session, tmp_path: Path) -> None:
    event_id = union_congress(session)
    minutes = service.minutes(session, event_id)
    info, text, fonts = pdf_facts(render.to_pdf(docx_minutes.render(minutes)), tmp_path)
    assert "(A4)" in info
    assert text.startswith("聊城水务集团工会三届一次会员代表大会纪要2021年1月20日")
    assert "一、会议听取的报告" in text
    assert "—1—" in text
    assert "出席：谭相彦、王吾雪" in text
    assert embedded_cjk_fonts(fonts), fonts
