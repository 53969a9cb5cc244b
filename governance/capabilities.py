"""Every capability of the product, in the order they plug in: the one list to extend.

Order matters where hooks run in turn: records first (the kernel), audit before accounts (the
request context is set before the user is looked up), elections before tasks (a task may come
from a resolution), and the navigation follows this order.
"""

from __future__ import annotations

from governance.accounts.capability import CAPABILITY as ACCOUNTS
from governance.audit.capability import CAPABILITY as AUDIT
from governance.briefs.capability import CAPABILITY as BRIEFS
from governance.calendar.capability import CAPABILITY as CALENDAR
from governance.core.plugin import Capability, Registry, install
from governance.elections.capability import CAPABILITY as ELECTIONS
from governance.importing.capability import CAPABILITY as IMPORTING
from governance.records.capability import CAPABILITY as RECORDS
from governance.tasks.capability import CAPABILITY as TASKS

CAPABILITIES: tuple[Capability, ...] = (
    RECORDS,
    AUDIT,
    ACCOUNTS,
    ELECTIONS,
    TASKS,
    CALENDAR,
    BRIEFS,
    IMPORTING,
)


def install_all() -> Registry:
    """The hooks and process-wide listeners of every capability, once per process."""
    return install(CAPABILITIES)
