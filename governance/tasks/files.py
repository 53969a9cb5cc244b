"""Evidence files: what type the content is (never what the client says), a display name that
cannot be a path, and storage under a random name in the data directory."""

from __future__ import annotations

import io
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

EVIDENCE_DIR = "evidence"
_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", ".pdf")
PNG = FileType("image/png", ".png")
JPEG = FileType("image/jpeg", ".jpg")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
ACCEPTED = (PDF, PNG, JPEG, DOCX, XLSX)


def sniff(data: bytes) -> FileType | None:
    """The type of `data` from its first bytes (and, for Office files, the zip's parts)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def display_name(client_name: str | None, file_type: FileType, limit: int = 120) -> str:
    """A name to show and to offer on download: the last path part of what the client sent,
    without control characters or leading dots, with the extension of the type found."""
    name = unicodedata.normalize("NFC", client_name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = name.replace('"', "").strip().lstrip(".").strip()
    stem = PurePosixPath(name).stem if "." in name else name
    stem = stem.strip() or "附件"
    return stem[: max(1, limit - len(file_type.extension))] + file_type.extension


def new_storage_name() -> str:
    return secrets.token_hex(16)


def storage_path(data_dir: Path, storage_name: str) -> Path:
    """Where a stored file lives; the name is checked so it can never climb out of the folder."""
    if not _STORAGE_NAME.fullmatch(storage_name):
        raise ValueError(f"not a storage name: {storage_name!r}")
    return data_dir / EVIDENCE_DIR / storage_name[:2] / storage_name


def store(data_dir: Path, data: bytes) -> str:
    """Write `data` under a new random name (atomically, readable by the owner only)."""
    name = new_storage_name()
    path = storage_path(data_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    return name


def remove(data_dir: Path, storage_name: str) -> None:
    storage_path(data_dir, storage_name).unlink(missing_ok=True)
