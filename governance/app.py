"""create_app(settings): the app built from the capabilities' declarations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from litestar import Litestar, Response, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from governance import __version__
from governance.capabilities import CAPABILITIES, install_all
from governance.core.db import engine_from_settings
from governance.core.errors import EXCEPTION_HANDLERS
from governance.core.pages.filters import register as register_page_filters
from governance.core.settings import Settings
from governance.core.web import provide_db_session

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _after_request(response: Response[Any]) -> Response[Any]:
    for capability in CAPABILITIES:
        if capability.after_request is not None:
            response = capability.after_request(response)
    return response


def _templates(engine: JinjaTemplateEngine) -> None:
    register_page_filters(engine)
    engine.engine.globals["navigation"] = [
        item for capability in CAPABILITIES for item in capability.navigation
    ]


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    engine = engine or engine_from_settings(settings)
    install_all()
    handlers: dict[int | type[Exception], Any] = dict(EXCEPTION_HANDLERS)
    for capability in CAPABILITIES:
        handlers.update(capability.exception_handlers)
    app = Litestar(
        route_handlers=[r for c in CAPABILITIES for r in c.routes(settings)],
        dependencies={"db_session": Provide(provide_db_session)},
        exception_handlers=handlers,
        middleware=[m for c in CAPABILITIES for m in c.middleware(settings)],
        after_request=_after_request,
        openapi_config=OpenAPIConfig(
            title="governance",
            version=__version__,
            description="Meeting and event records of the group: organisations, people, events.",
            path="/schema",
            render_plugins=[JsonRenderPlugin(), SwaggerRenderPlugin()],
            # The API documentation is for any signed-in user (scripts use tokens).
            openapi_router=Router(
                path="/schema",
                route_handlers=[],
                opt={"permission": "read"},
                include_in_schema=False,
            ),
        ),
        template_config=TemplateConfig(
            directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=_templates
        ),
        state=State({"engine": engine, "settings": settings}),
        debug=settings.debug,
    )
    for capability in CAPABILITIES:
        if capability.on_app is not None:
            capability.on_app(app)
    return app
