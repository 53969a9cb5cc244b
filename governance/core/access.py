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
    """The error code of a 403: which role the route needs."""
    return "role_admin_required" if access is Access.ADMIN else "role_editor_required"


def sees_everything(role: UserRole) -> bool:
    """Admin and secretariat see every record whatever its visibility."""
    return role in EDITORS


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Permission(StrEnum):
    """What a route declares (`opt={"permission": …}` on its router or handler); every route
    declares one (a test walks them all), and a route that does not is for admins only."""

    PUBLIC = "public"  # anyone, signed in or not: the login page, assets, feed URLs
    READ = "read"  # any signed-in user, whatever the method
    RECORDS = "records"  # reads for any signed-in user, writes for editors
    OWN = "own"  # reads for any signed-in user, writes on one's own things (tokens, feeds)
    EDIT = "edit"  # editors only, reads included
    ADMIN = "admin"  # admins only


def access_for(permission: str | None, method: str) -> Access:
    """What a request needs: its route's permission, read for its method."""
    if permission is None:
        return Access.ADMIN  # closed by default: a route that declares nothing
    declared = Permission(permission)
    safe = method.upper() in SAFE_METHODS
    if declared is Permission.PUBLIC:
        return Access.ANONYMOUS
    if declared is Permission.RECORDS:
        return Access.READ if safe else Access.EDIT
    if declared is Permission.OWN:
        return Access.READ if safe else Access.OWN
    return {Permission.READ: Access.READ, Permission.EDIT: Access.EDIT}.get(declared, Access.ADMIN)
