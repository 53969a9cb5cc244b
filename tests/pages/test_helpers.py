"""Shared page helpers: dates in Chinese, refusals translated to Chinese, paging links."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from governance.core.errors import Conflict, DomainError, Invalid
from governance.core.pages.filters import cn_date, cn_datetime, field_id, weekday
from governance.core.pages.forms import domain_errors, validation_errors
from governance.core.pages.paging import Pager
from governance.core.types import Position
from governance.records.schemas import EventCreate


@pytest.mark.parametrize(
    "value,shown",
    [
        (date(2021, 1, 20), "2021年1月20日"),
        (datetime(2021, 1, 19, 16, 30, tzinfo=UTC), "2021年1月20日"),  # 00:30 in Shanghai
        (datetime(2021, 1, 20, 1, 0, tzinfo=UTC), "2021年1月20日"),
        (None, ""),
    ],
)
def test_cn_date_shows_the_shanghai_day(value: date | datetime | None, shown: str) -> None:
    assert cn_date(value) == shown


def test_cn_datetime_adds_the_local_time_only_for_instants() -> None:
    assert cn_datetime(datetime(2021, 1, 20, 1, 5, tzinfo=UTC)) == "2021年1月20日 9:05"
    assert cn_datetime(date(2021, 1, 20)) == "2021年1月20日"


def test_weekday_and_field_id() -> None:
    assert weekday(date(2021, 1, 20)) == "星期三"
    assert field_id("participants[0].role") == "participants-0-role"


def test_pydantic_refusals_are_keyed_by_path_in_chinese() -> None:
    with pytest.raises(ValidationError) as caught:
        EventCreate.model_validate(
            {
                "kind": "party",
                "start": "2021-13-40",
                "title": "x" * 201,
                "participants": [{"role": "出席", "person_id": "abc"}],
            }
        )
    errors = validation_errors(caught.value)
    assert errors == {
        "kind": "请从列表中选择",
        "title": "不能超过 200 个字",
        "start": "日期格式应为 2021-01-20（时间 09:30）",
        "participants[0].person_id": "请填写整数",
    }


@pytest.mark.parametrize(
    "error,chinese,english",
    [
        (
            Invalid("end", "end_before_start", end="2021-01-19", start="2021-01-20"),
            "结束不能早于开始",
            "end: 2021-01-19 is before start 2021-01-20",
        ),
        (
            Invalid("delegates_present", "delegates_present_over_due", present=42, due=41),
            "实到 42 人多于应到 41 人",
            "delegates_present: 42 is more than delegates_due (41)",
        ),
        (
            Invalid("person_id", "reference_not_found", what="person", id=7),
            "所选人员不存在（编号 7）",
            "person_id: no person with id 7",
        ),
        (
            Invalid("participants[1]", "duplicate_participant", role="出席", first=Position(0)),
            "与第 1 行是同一人员、同一角色，重复了",
            "participants[1]: duplicate participant: same person and role 出席 as participants[0]",
        ),
        (
            Conflict("event_key_taken", "key", other=3, key="congress"),
            "该标识已被其他活动（编号 3）使用",
            "key: event 3 already has key 'congress'",
        ),
    ],
)
def test_service_refusals_in_chinese_and_english(
    error: DomainError, chinese: str, english: str
) -> None:
    assert (error.message, error.detail) == (chinese, english)


def test_domain_errors_name_their_field() -> None:
    assert Invalid("end", "end_before_start").message == "结束不能早于开始"
    assert domain_errors(Invalid("end", "end_before_start")) == {"end": "结束不能早于开始"}
    conflict = Conflict(
        "already_exists", "name", column="name", what="organisation", shown="name='x'", id=1
    )
    assert domain_errors(conflict) == {"name": "已有同名的组织（编号 1）"}
    assert conflict.detail == "name: a organisation with name='x' already exists (id 1)"


def test_pager_keeps_filters_on_its_links() -> None:
    pager = Pager(total=120, limit=50, offset=50, params={"q": "大会", "kind": ""})
    assert (pager.first, pager.last) == (51, 100)
    assert pager.previous == "?q=%E5%A4%A7%E4%BC%9A"
    assert pager.next == "?q=%E5%A4%A7%E4%BC%9A&offset=100"
    assert Pager(total=3, limit=50, offset=0, params={}).next is None
