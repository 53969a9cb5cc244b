"""Jinja filters: dates as the newsletter prints them (2021年1月20日), in Asia/Shanghai."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from litestar.plugins.jinja import JinjaTemplateEngine

from governance.core.timing import SHANGHAI

WEEKDAYS = "一二三四五六日"


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI) if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    return value


def cn_date(value: date | datetime | None) -> str:
    """2021年1月20日 (a datetime is shown on its Asia/Shanghai day)."""
    if value is None or value == "":
        return ""
    local = _local(value)
    return f"{local.year}年{local.month}月{local.day}日"


def cn_datetime(value: date | datetime | None) -> str:
    """2021年1月20日 9:30 for a point in time; the bare date for a whole day."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return cn_date(value)
    local = _local(value)
    assert isinstance(local, datetime)
    return f"{cn_date(local)} {local.hour}:{local.minute:02d}"


def cn_time(value: date | datetime | None) -> str:
    if not isinstance(value, datetime):
        return ""
    local = _local(value)
    assert isinstance(local, datetime)
    return f"{local.hour}:{local.minute:02d}"


def field_id(name: str) -> str:
    """participants[0].role -> participants-0-role: an id usable in CSS and label `for`."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


def choices(values: Any, labels: Any = None) -> list[tuple[str, str]]:
    """Enum members (or plain values) as (value, label) pairs for a select."""
    out = []
    for v in values:
        value = str(getattr(v, "value", v))
        out.append((value, (labels or {}).get(value, value)))
    return out


def weekday(value: date | datetime) -> str:
    return "星期" + WEEKDAYS[_local(value).weekday()]


FILTERS: dict[str, Any] = {
    "cn_date": cn_date,
    "cn_datetime": cn_datetime,
    "cn_time": cn_time,
    "weekday": weekday,
    "field_id": field_id,
    "choices": choices,
}


def register(engine: JinjaTemplateEngine) -> None:
    """TemplateConfig(engine_callback=register): every template gets the filters."""
    engine.engine.filters.update(FILTERS)
