"""Reading a scanned issue from a file: plain text or a Word document (.docx)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from governance.importing.rules import join_lines, split_paragraphs


class ReadError(Exception):
    """A file that cannot be read as an issue; the message names the file."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Chinese Windows tools write it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "neither UTF-8 nor GB18030")


def docx_paragraphs(path: Path) -> list[str]:
    """The document's paragraphs in order, table cells included (python-docx)."""
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    texts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            texts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            texts.append(block.text)
    # A line break inside a Word paragraph is a scanned line, not a new paragraph.
    return [text for text in map(join_lines, texts) if text]


def read_paragraphs(path: Path) -> list[str]:
    """An issue's raw paragraphs, from a .docx or a text file."""
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    if path.suffix.lower() == ".docx":
        from docx.opc.exceptions import PackageNotFoundError

        try:
            return docx_paragraphs(path)
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError(f"{path}: not a readable .docx file ({exc})") from exc
    try:
        return split_paragraphs(decode(path.read_bytes()))
    except UnicodeDecodeError as exc:
        raise ReadError(f"{path}: not a text file in UTF-8 or GB18030") from exc
