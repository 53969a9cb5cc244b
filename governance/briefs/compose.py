"""A brief or minutes from a Source, worded by the templates in templates/briefs/.

Templates render plain text in sections marked by lines 【标题】, 【导语】, 【正文】 (and 【名单】
for minutes); this module gives them the event's pieces (people by role, groups, agenda lines)
and the language rules, then cleans and splits what they write. No database, no clock.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.runtime import Context as JinjaContext
from jinja2.sandbox import SandboxedEnvironment

from governance.briefs import rules
from governance.briefs.context import BriefContext, MinutesContext
from governance.briefs.model import Block, Brief, Item, Minutes, Source
from governance.core.errors import DomainError, Invalid
from governance.records import rules as record_rules

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "briefs"
MINUTES_DIR = "minutes"
DEFAULT_MINUTES = "default"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SECTION = re.compile(r"【(标题|导语|正文|名单)】")


class TemplateError(DomainError):
    """A template that cannot be rendered (a staff edit gone wrong); names the file."""

    status_code = 500


@pass_context
def _said_filter(context: JinjaContext, text: str) -> str:
    """`{% filter said %}…{% endfilter %}`: what the lead says is not repeated in the body."""
    brief = context.get("brief")
    if isinstance(brief, BriefContext):
        brief.said(text)
    return text


@functools.lru_cache(maxsize=8)
def environment(folder: Path = TEMPLATES) -> SandboxedEnvironment:
    """One environment per folder: compiled templates are kept, and reloaded when edited."""
    # Sandboxed: the files are edited by staff, and a template must not reach the server.
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        auto_reload=True,
    )
    env.filters["said"] = _said_filter
    return env


def folder_of(env: SandboxedEnvironment) -> Path:
    loader = env.loader
    return Path(loader.searchpath[0]) if isinstance(loader, FileSystemLoader) else TEMPLATES


def template_names(folder: Path = TEMPLATES, minutes: bool = False) -> list[str]:
    where = folder / MINUTES_DIR if minutes else folder
    return sorted(p.stem for p in where.glob("*.j2") if not p.stem.startswith("_"))


def resolve(name: str | None, kind: str, folder: Path = TEMPLATES, minutes: bool = False) -> str:
    """The template file to use: the one named, or the event kind's (or the default)."""
    known = template_names(folder, minutes)
    if name is None:
        if minutes:
            return f"{MINUTES_DIR}/{DEFAULT_MINUTES}.j2"
        return f"{kind}.j2" if kind in known else "_base.j2"
    if not NAME.match(name) or name not in known:
        what = "minutes" if minutes else "brief"
        raise Invalid(
            "template", "brief_unknown_template", kind=what, name=name, known=", ".join(known)
        )
    return f"{MINUTES_DIR}/{name}.j2" if minutes else f"{name}.j2"


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; lines within one are joined (Chinese has no spaces)."""
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines:
            out.append(clean("".join(lines)))
    return [p for p in out if p]


def clean(text: str) -> str:
    """The house rules applied to any text a template writes."""
    text = rules.fix_yue_yu(rules.normalise_dates(text))
    text = rules.fullwidth(text)
    return re.sub(r"。{2,}", "。", text.replace("，。", "。").replace("，，", "，"))


def _sections(text: str) -> dict[str, str]:
    """The text under each marker 【标题】 【导语】 【正文】 【名单】 (text before any: 正文)."""
    parts = SECTION.split(text)
    found: dict[str, str] = {"正文": parts[0]} if parts[0].strip() else {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        found[name] = found.get(name, "") + body
    return found


def _render(env: SandboxedEnvironment, name: str, variables: dict[str, Any]) -> dict[str, str]:
    try:
        text = env.get_template(name).render(variables)
    except TemplateNotFound as exc:
        raise TemplateError("brief_template_missing", name=name, error=str(exc)) from exc
    except Exception as exc:  # a staff edit gone wrong must name the file, not be a 500
        error = f"{type(exc).__name__}: {exc}"
        raise TemplateError("brief_template_broken", name=name, error=error) from exc
    return _sections(text)


def compose_item(
    env: SandboxedEnvironment, name: str, source: Source, dateline: str, use_prose: bool = True
) -> tuple[str, Item, list[str]]:
    """(headline, item, warnings) of one event rendered by one template."""
    context = BriefContext(source, dateline, use_prose)
    sections = _render(env, name, context.variables())
    headline = clean(" ".join(sections.get("标题", "").split()))
    lead = " ".join(_paragraphs(sections.get("导语", "")))
    return headline, Item(lead, tuple(_paragraphs(sections.get("正文", "")))), context.warnings


def compose_brief(
    source: Source,
    template: str | None = None,
    also: Sequence[Source] = (),
    authors: Sequence[str] = (),
    env: SandboxedEnvironment | None = None,
    use_prose: bool = True,
) -> Brief:
    env = env or environment()
    name = resolve(template, str(source.event.kind), folder_of(env))
    headline, item, warnings = compose_item(env, name, source, "本报讯", use_prose)
    extra = []
    for other in also:
        other_name = resolve(None, str(other.event.kind), folder_of(env))
        _, other_item, other_warnings = compose_item(env, other_name, other, "又讯", use_prose)
        extra.append(other_item)
        warnings.extend(other_warnings)
    return Brief(
        headline=headline,
        item=item,
        also=tuple(extra),
        authors=tuple(a.strip() for a in authors if a.strip()),
        day=source.day,
        organisation=source.organiser,
        updated_at=source.event.updated_at,
        warnings=tuple(warnings),
    )


def _blocks(text: str) -> list[Block]:
    """Paragraphs of minutes; lines '# …' and '## …' are headings, numbered 一、 and （一）."""
    blocks: list[Block] = []
    numbers = [0, 0]
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append(Block(clean("".join(pending))))
            pending.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            flush()
            numbers[1] += 1
            number = f"（{record_rules.chinese_number(numbers[1])}）"
            blocks.append(Block(number + clean(line[3:]), 2))
        elif line.startswith("# "):
            flush()
            numbers = [numbers[0] + 1, 0]
            blocks.append(
                Block(f"{record_rules.chinese_number(numbers[0])}、" + clean(line[2:]), 1)
            )
        elif line:
            pending.append(line)
        else:
            flush()
    flush()
    return blocks


def compose_minutes(
    source: Source, template: str | None = None, env: SandboxedEnvironment | None = None
) -> Minutes:
    env = env or environment()
    name = resolve(template, str(source.event.kind), folder_of(env), minutes=True)
    context = MinutesContext(source)
    sections = _render(env, name, context.variables())
    lists = []
    for line in sections.get("名单", "").splitlines():
        label, sep, names = line.strip().partition("：")
        if sep and names.strip():
            lists.append((label.strip(), clean(names.strip())))
    return Minutes(
        title=clean(" ".join(sections.get("标题", "").split())),
        blocks=tuple(_blocks(sections.get("正文", ""))),
        lists=tuple(lists),
        day=source.day,
        organisation=source.organiser,
        updated_at=source.event.updated_at,
    )
