"""Briefs' declaration: 本报讯 drafts and minutes as pages, .docx and the CLI."""

from __future__ import annotations

from litestar import Router

from governance.briefs.api import briefs_router
from governance.briefs.cli import register
from governance.briefs.pages import briefs_pages
from governance.core.plugin import Capability

CAPABILITY = Capability(
    name="briefs",
    routes=lambda _settings: [
        Router(
            path="/",
            route_handlers=[briefs_router(), briefs_pages()],
            opt={"permission": "records"},  # reads for every signed-in user, writes for editors
        )
    ],
    cli=register,
)
