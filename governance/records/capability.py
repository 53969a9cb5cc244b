"""The records kernel's declaration: organisations, people, posts, bodies and events."""

from __future__ import annotations

from governance.core.pages.static import static_router
from governance.core.plugin import Capability, EventChild, guarded
from governance.records import models
from governance.records.api import records_router
from governance.records.pages import records_pages

CAPABILITY = Capability(
    name="records",
    routes=lambda _settings: [
        guarded("records", records_router(), records_pages()),
        static_router(),
    ],
    tables=[models],
    audit_parents={
        "participation": ("event", "event_id"),
        "attendance_group": ("event", "event_id"),
        "document": ("event", "event_id"),
        "agenda_item": ("event", "event_id"),
    },
    event_children=[
        EventChild(models.Participation),
        EventChild(models.AttendanceGroup),
        EventChild(models.AgendaItem),
        EventChild(models.Document, orphans_visible=True),
    ],
    navigation=[
        ("活动", "/events"),
        ("日历", "/calendar"),
        ("人员", "/people"),
        ("组织", "/organisations"),
    ],
)
