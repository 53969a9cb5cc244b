"""What a draft is made of, and what it is made from: plain data, no database, no HTTP.

The service fills a `Source` from the records; the composer turns it into a `Brief` or
`Minutes` through the staff-editable templates; the Word writers turn those into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from governance.records.schemas import EventRead


@dataclass(frozen=True)
class ChildEvent:
    """An event held as part of another (随后还召开了…)."""

    title: str
    day: date
    date_label: str


@dataclass(frozen=True)
class Source:
    """One event as the composer needs it, gathered by the service."""

    event: EventRead
    day: date  # the event's first day, Asia/Shanghai
    organiser: str = ""  # printed name of the organiser: 聊城水务集团工会; "" if none
    # Forms of the organiser's name a title may start with (集团, 聊城水务集团, full name).
    organiser_forms: tuple[str, ...] = ()
    body_name: str = ""
    # Organisation id -> the prefix printed before a group from it (集团41名工会会员代表).
    group_prefixes: dict[int, str] = field(default_factory=dict)
    # Participation id -> whether a 莅临指导 guest comes from a superior body (None: unknown).
    superior: dict[int, bool | None] = field(default_factory=dict)
    # Person id -> rank key (lower first), for name lists in minutes.
    ranks: dict[int, tuple[int, int]] = field(default_factory=dict)
    children: tuple[ChildEvent, ...] = ()
    # Sentences the elections capability reports for this event (results), if it is installed.
    election_results: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """A news item: its dateline paragraph (lead) and the paragraphs after it."""

    lead: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brief:
    headline: str
    item: Item
    also: tuple[Item, ...] = ()  # appended items, each opening with 又讯
    authors: tuple[str, ...] = ()
    day: date | None = None
    organisation: str = ""
    updated_at: datetime | None = None
    warnings: tuple[str, ...] = ()

    @property
    def lead(self) -> str:
        return self.item.lead

    def text(self) -> str:
        """The draft as plain text: headline, paragraphs separated by blank lines, authors."""
        blocks = [self.headline, self.item.lead, *self.item.paragraphs]
        for extra in self.also:
            blocks.extend([extra.lead, *extra.paragraphs])
        if self.authors:
            blocks.append(" ".join(self.authors))
        return "\n\n".join(b for b in blocks if b) + "\n"


@dataclass(frozen=True)
class Block:
    """A paragraph of minutes: a level-1 heading (一、), a level-2 heading (（一）) or text."""

    text: str
    level: int = 0  # 0 text, 1 一、 heading, 2 （一） heading


@dataclass(frozen=True)
class Minutes:
    title: str
    blocks: tuple[Block, ...]
    # ("出席", "谭相彦、王吾雪…"), printed after the body.
    lists: tuple[tuple[str, str], ...] = ()
    day: date | None = None
    organisation: str = ""
    updated_at: datetime | None = None

    def text(self) -> str:
        lines = [self.title, ""]
        lines.extend(block.text for block in self.blocks)
        lines.append("")
        lines.extend(f"{label}：{names}" for label, names in self.lists)
        return "\n".join(lines) + "\n"
