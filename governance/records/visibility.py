"""Who may see a record: one rule for the feeds (calendar) and for every query of a signed-in
user (accounts applies it in SQL; its tests check the SQL against this function)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from governance.records.models import Visibility


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the person (0 for a user linked to none) and whether they are staff of
    the group (internal)."""

    person_id: int
    internal: bool


def may_see(viewer: Viewer, visibility: Visibility, people: Collection[int]) -> bool:
    """Public for everyone, internal for internal people, and anything for those taking part.

    `people` are those who take part (any role, 请假 included: they are on the list) or, for a
    task, those responsible. Taking part lets a person see the record whatever its visibility:
    a confidential meeting is visible to its participants and to nobody else.
    """
    if viewer.person_id in people:
        return True
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.INTERNAL:
        return viewer.internal
    return False
