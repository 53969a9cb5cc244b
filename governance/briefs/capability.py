"""Briefs' declaration: 本报讯 drafts and minutes as pages, .docx and the CLI."""

from __future__ import annotations

from governance.briefs.api import briefs_router
from governance.briefs.cli import register
from governance.briefs.pages import briefs_pages
from governance.core.plugin import Capability, guarded

CAPABILITY = Capability(
    name="briefs",
    routes=lambda _settings: [guarded("records", briefs_router(), briefs_pages())],
    cli=register,
)
