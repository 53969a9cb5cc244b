"""HTML pages of elections and resolutions, gathered into one router: set an election up from
its event (pages_setup.py), enter the paper tally with live checks, see and certify the result,
its versions and rounds (pages_count.py); record resolutions (pages_resolutions.py).

Thin: forms are read into the service's schemas (elections/schemas.py), the counting is
rules.py's (through checks.py), storing is the services'. Every refusal's words are the
catalogue's (templates/messages/elections.yaml), rendered in Chinese (`pages_shared.say`).
"""

from litestar import Router

from governance.elections.pages_count import (
    certify,
    election_page,
    enter_tally,
    next_round,
    tally_check,
    tally_page,
)
from governance.elections.pages_resolutions import RESOLUTION_HANDLERS
from governance.elections.pages_setup import (
    create_election,
    event_elections_page,
    new_election_page,
)


def elections_pages() -> Router:
    return Router(
        path="/",
        route_handlers=[
            event_elections_page,
            new_election_page,
            create_election,
            election_page,
            tally_page,
            tally_check,
            enter_tally,
            certify,
            next_round,
            *RESOLUTION_HANDLERS,
        ],
    )
