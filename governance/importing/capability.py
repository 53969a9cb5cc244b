"""Importing's declaration: newsletter issues read into draft events for review."""

from __future__ import annotations

import typer
from litestar import Router

from governance.core.plugin import Capability
from governance.importing import models
from governance.importing.api import imports_router
from governance.importing.cli import import_newsletter
from governance.importing.pages import imports_pages


def _commands(app: typer.Typer) -> None:
    app.command("import-newsletter")(import_newsletter)


CAPABILITY = Capability(
    name="importing",
    routes=lambda _settings: [
        Router(
            path="/",
            route_handlers=[imports_router(), imports_pages()],
            opt={"permission": "records"},  # reads for every signed-in user, writes for editors
        )
    ],
    cli=_commands,
    tables=[models],
    navigation=[("导入", "/imports")],
)
