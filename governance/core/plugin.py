"""How a capability plugs in: one `Capability` declaration in its package's `__init__.py`.

`governance/capabilities.py` lists the declarations; the app, the CLI, migrations, backups,
fixtures, briefs, the audit trail and visibility iterate them, so a capability never imports
another one and adding one means writing one package and one line in that list.

The hooks that other code calls while serving (sections of the event page, of a brief, of the
fixtures; audit parents; event children for visibility) are collected into `REGISTRY` when the
declarations are installed (`install`), once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from litestar import Router

if TYPE_CHECKING:
    import typer
    from litestar import Litestar
    from litestar.types import ControllerRouterHandler, Middleware

    from governance.core.settings import Settings


@dataclass(frozen=True)
class EventChild:
    """A table whose rows belong to an event (`model.event_id`): a user sees a row only when
    they may see its event. `orphans_visible`: a row with no event is visible to all."""

    model: Any
    orphans_visible: bool = False


@dataclass(frozen=True)
class OwnedRows:
    """A table whose rows only their owner (`model.<column>`, a person id) may see, unless the
    user sees everything."""

    model: Any
    column: str


@dataclass(frozen=True)
class Capability:
    name: str
    # Litestar route handlers: the JSON API and the pages (built per app, from its settings).
    routes: Callable[[Settings], Sequence[ControllerRouterHandler]] = lambda _s: ()
    middleware: Callable[[Settings], Sequence[Middleware]] = lambda _s: ()
    exception_handlers: Mapping[int | type[Exception], Any] = field(default_factory=dict)
    after_request: Callable[..., Any] | None = None
    on_app: Callable[[Litestar], None] | None = None  # after the app is built
    cli: Callable[[typer.Typer], None] | None = None  # adds its commands to `governance`
    tables: Sequence[ModuleType] = ()  # modules whose SQLModel tables it owns
    navigation: Sequence[tuple[str, str]] = ()  # (label, path) in the page header
    install: Callable[[], None] | None = None  # process-wide side effects (listeners)
    # Hooks other capabilities call through REGISTRY:
    event_sections: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    brief_sections: Sequence[Callable[..., Any]] = ()
    fixture_sections: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    audit_parents: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    unaudited_tables: Sequence[str] = ()  # caches derived from other rows
    event_children: Sequence[EventChild] = ()
    owned_rows: Sequence[OwnedRows] = ()
    # Named functions other capabilities may call (the calendar asks for "tasks_for_feed").
    provides: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


@dataclass
class Registry:
    capabilities: list[Capability] = field(default_factory=list)
    event_sections: dict[str, Callable[..., Any]] = field(default_factory=dict)
    brief_sections: list[Callable[..., Any]] = field(default_factory=list)
    fixture_sections: dict[str, Callable[..., Any]] = field(default_factory=dict)
    audit_parents: dict[str, tuple[str, str]] = field(default_factory=dict)
    unaudited_tables: set[str] = field(default_factory=set)
    event_children: list[EventChild] = field(default_factory=list)
    owned_rows: list[OwnedRows] = field(default_factory=list)
    provided: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [c.name for c in self.capabilities]


REGISTRY = Registry()


def install(capabilities: Iterable[Capability]) -> Registry:
    """Collects the hooks of `capabilities` into REGISTRY and runs their `install` once."""
    for capability in capabilities:
        if capability.name in REGISTRY.names():
            continue
        REGISTRY.capabilities.append(capability)
        REGISTRY.event_sections.update(capability.event_sections)
        REGISTRY.brief_sections.extend(capability.brief_sections)
        for name, loader in capability.fixture_sections.items():
            if name in REGISTRY.fixture_sections:
                raise ValueError(f"fixture section {name!r} is declared twice")
            REGISTRY.fixture_sections[name] = loader
        REGISTRY.audit_parents.update(capability.audit_parents)
        REGISTRY.unaudited_tables.update(capability.unaudited_tables)
        REGISTRY.event_children.extend(capability.event_children)
        REGISTRY.owned_rows.extend(capability.owned_rows)
        REGISTRY.provided.update(capability.provides)
        if capability.install is not None:
            capability.install()
    return REGISTRY


def guarded(permission: str, *handlers: Any, **router: Any) -> Router:
    """`handlers` under one router at `/` that declares `permission` for each of them
    (`records`: reads for every signed-in user, writes for editors; see core/access.py)."""
    return Router(path="/", route_handlers=list(handlers), opt={"permission": permission}, **router)
