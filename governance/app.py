"""create_app(settings): the one place where routes, plugins and templates are wired."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from governance import __version__
from governance.accounts.wiring import accounts_middleware, accounts_routers
from governance.audit.api import audit_router
from governance.audit.web import EXCEPTION_HANDLERS as AUDIT_HANDLERS
from governance.audit.web import add_etag, request_context
from governance.briefs.api import briefs_router
from governance.briefs.pages import briefs_pages
from governance.calendar.api import calendar_router, serve_event_ics_suffix
from governance.calendar.pages import calendar_pages
from governance.core.db import engine_from_settings
from governance.core.errors import EXCEPTION_HANDLERS
from governance.core.pages.filters import register as register_page_filters
from governance.core.pages.static import static_router
from governance.core.settings import Settings
from governance.core.web import provide_db_session
from governance.elections.api import elections_router
from governance.elections.pages import elections_pages
from governance.importing.api import importing_router
from governance.records.api import records_router
from governance.records.pages import records_pages
from governance.tasks.api import tasks_router

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    engine = engine or engine_from_settings(settings)
    app = Litestar(
        route_handlers=[
            records_router(),
            records_pages(),
            calendar_router(),
            calendar_pages(),
            tasks_router(),
            elections_router(),
            elections_pages(),
            briefs_router(),
            briefs_pages(),
            importing_router(),
            audit_router(),
            *accounts_routers(),
            static_router(),
        ],
        dependencies={"db_session": Provide(provide_db_session)},
        exception_handlers={**EXCEPTION_HANDLERS, **AUDIT_HANDLERS},
        middleware=[request_context, *accounts_middleware(settings)],
        after_request=add_etag,
        openapi_config=OpenAPIConfig(
            title="governance",
            version=__version__,
            description="Meeting and event records of the group: organisations, people, events.",
            path="/schema",
            render_plugins=[JsonRenderPlugin(), SwaggerRenderPlugin()],
        ),
        template_config=TemplateConfig(
            directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=register_page_filters
        ),
        state=State({"engine": engine, "settings": settings}),
        debug=settings.debug,
    )
    serve_event_ics_suffix(app)  # /api/v1/events/{id}.ics: see governance/calendar/api.py
    return app
