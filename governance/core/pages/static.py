"""/static: the pages' stylesheet and script, served as files (no build step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Router
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).resolve().parents[3] / "static"


def _as_is(response: Any) -> Any:
    # A file answer is streamed, it has no record body: app-level after_request hooks that
    # read `response.content` (record ETags) do not apply, so this router has its own no-op.
    return response


def static_router() -> Router:
    return create_static_files_router(
        path="/static",
        directories=[STATIC],
        include_in_schema=False,
        after_request=_as_is,
        opt={"permission": "public"},
    )
