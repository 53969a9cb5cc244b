"""Importing's declaration: newsletter issues read into draft events for review."""

from __future__ import annotations

import typer

from governance.core.plugin import Capability, guarded
from governance.importing import models
from governance.importing.api import imports_router
from governance.importing.cli import import_newsletter
from governance.importing.pages import imports_pages


def _commands(app: typer.Typer) -> None:
    app.command("import-newsletter")(import_newsletter)


CAPABILITY = Capability(
    name="importing",
    routes=lambda _settings: [guarded("records", imports_router(), imports_pages())],
    cli=_commands,
    tables=[models],
    navigation=[("导入", "/imports")],
)
