"""Who may do what: the roles of users and what a route asks of its caller. Every layer uses
these words (records' pages show editors' buttons to editors); accounts enforces them."""

from __future__ import annotations

from enum import StrEnum


class UserRole(StrEnum):
    ADMIN = "admin"  # everything, users and tokens of others included
    SECRETARIAT = "secretariat"  # reads and edits every record
    COMMUNICATIONS = "communications"  # reads records, drafts briefs and minutes (GETs)
    LEADER = "leader"  # reads what they may see, owns their calendar feeds
    VIEWER = "viewer"  # reads what they may see


EDITORS = frozenset({UserRole.ADMIN, UserRole.SECRETARIAT})


class Access(StrEnum):
    """What a route asks of the caller."""

    ANONYMOUS = "anonymous"  # anyone, signed in or not (login page, assets, feed URLs)
    READ = "read"  # any signed-in user
    OWN = "own"  # any signed-in user, on their own things (own tokens, own feeds)
    EDIT = "edit"  # secretariat or admin
    ADMIN = "admin"  # admin only


def allowed(role: UserRole | None, access: Access) -> bool:
    """Whether a user with `role` (None: anonymous) may pass a route needing `access`."""
    if access is Access.ANONYMOUS:
        return True
    if role is None:
        return False
    if access in (Access.READ, Access.OWN):
        return True
    if access is Access.EDIT:
        return role in EDITORS
    return role is UserRole.ADMIN


def needed_role(access: Access) -> str:
    """The words of a 403: which role the route needs."""
    if access is Access.ADMIN:
        return "需要 admin 角色 (admin role required)"
    return "需要 secretariat 或 admin 角色 (secretariat or admin role required)"


def sees_everything(role: UserRole) -> bool:
    """Admin and secretariat see every record whatever its visibility."""
    return role in EDITORS
