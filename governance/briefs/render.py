"""Drafts as a reader sees them: LibreOffice converts a .docx to PDF, headless.

Used by the rendering test and by anyone checking a template edit. Needs `soffice` (Debian:
libreoffice-writer-nogui) and CJK fonts (fonts-noto-cjk); templates/briefs/fonts.conf maps the
Chinese Word font names onto the Noto CJK faces.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from governance.briefs.compose import TEMPLATES

FONTS_CONF = TEMPLATES / "fonts.conf"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, timeout: float = 180) -> bytes:
    """The PDF LibreOffice makes of a .docx, in a throwaway profile (HOME) of its own."""
    program = soffice()
    if program is None:
        raise RuntimeError("soffice not found: install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="governance-pdf-") as folder:
        work = Path(folder)
        source = work / "draft.docx"
        source.write_bytes(docx)
        env = {
            **os.environ,
            "HOME": str(work),
            "FONTCONFIG_FILE": str(FONTS_CONF),
            "SAL_USE_VCLPLUGIN": "svp",
        }
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            env=env,
            timeout=timeout,
        )
        return (work / "draft.pdf").read_bytes()
