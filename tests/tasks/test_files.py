"""Evidence files: the type comes from the content, the name is cleaned, storage stays inside
the data directory."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from governance.tasks import files


def office(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return out.getvalue()


DOCX = office("[Content_Types].xml", "word/document.xml")
XLSX = office("[Content_Types].xml", "xl/workbook.xml")


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"%PDF-1.7\n...", files.PDF),
        (b"\x89PNG\r\n\x1a\n....", files.PNG),
        (b"\xff\xd8\xff\xe0....", files.JPEG),
        (DOCX, files.DOCX),
        (XLSX, files.XLSX),
        (office("[Content_Types].xml", "ppt/presentation.xml"), None),
        (office("word/document.xml"), None),  # not an Office package
        (b"PK\x03\x04 broken zip", None),
        (b"<html><script>alert(1)</script>", None),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"", None),
    ],
)
def test_sniff_judges_by_content(data: bytes, expected: files.FileType | None) -> None:
    assert files.sniff(data) == expected


@pytest.mark.parametrize(
    "client_name,file_type,expected",
    [
        ("整改报告.pdf", files.PDF, "整改报告.pdf"),
        ("../../etc/passwd", files.PDF, "passwd.pdf"),
        ("C:\\Users\\秘书\\照片.JPG", files.JPEG, "照片.jpg"),
        ("report.exe", files.PDF, "report.pdf"),  # the extension follows the content
        (".bashrc", files.PNG, "bashrc.png"),
        ("", files.PNG, "附件.png"),
        (None, files.PNG, "附件.png"),
        ("a\x00b\r\nc.pdf", files.PDF, "abc.pdf"),
        ('say "hi".pdf', files.PDF, "say hi.pdf"),
        ("x" * 300 + ".pdf", files.PDF, "x" * 116 + ".pdf"),
        ("会议\u202e纪要.pdf", files.PDF, "会议纪要.pdf"),  # right-to-left override removed
    ],
)
def test_display_name_is_never_a_path(
    client_name: str | None, file_type: files.FileType, expected: str
) -> None:
    assert files.display_name(client_name, file_type) == expected


def test_store_writes_under_a_random_name_readable_by_the_owner_only(tmp_path: Path) -> None:
    name = files.store(tmp_path, b"%PDF-1.4")
    path = files.storage_path(tmp_path, name)
    assert path == tmp_path / "evidence" / name[:2] / name
    assert path.read_bytes() == b"%PDF-1.4"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [name]  # no partial file left
    assert files.store(tmp_path, b"%PDF-1.4") != name
    files.remove(tmp_path, name)
    assert not path.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABCDEF", "", "g" * 32, "0" * 31 + "/"])
def test_storage_path_refuses_anything_but_a_storage_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a storage name"):
        files.storage_path(tmp_path, name)
