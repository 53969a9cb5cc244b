"""HTML pages of the records: events (list, month calendar, one event, the form), people and
organisations, the bin. The same services as the JSON API; Chinese templates under templates/pages/."""

from litestar import Router

from governance.records.pages.bin import BIN_HANDLERS
from governance.records.pages.events import EVENT_HANDLERS
from governance.records.pages.organisations import ORGANISATION_HANDLERS
from governance.records.pages.people import PEOPLE_HANDLERS


def records_pages() -> Router:
    return Router(
        path="/",
        route_handlers=[
            *EVENT_HANDLERS,
            *BIN_HANDLERS,
            *PEOPLE_HANDLERS,
            *ORGANISATION_HANDLERS,
        ],
    )
