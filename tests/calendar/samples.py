"""Synthetic calendar data that exercises every rule: long Chinese text with commas, semicolons,
backslashes and line breaks; all-day and multi-day events; cancelled and postponed ones; times
before 1992 (when Asia/Shanghai had daylight saving); tasks in every state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from governance.calendar import rules
from governance.calendar.export import (
    AgendaLine,
    Attendee,
    FeedEvent,
    FeedOptions,
    FeedTask,
    Revision,
)
from governance.calendar.rules import TodoStatus
from governance.records.models import EventStatus, Visibility

SH = ZoneInfo("Asia/Shanghai")
CREATED = datetime(2021, 1, 4, 1, 2, 3, tzinfo=UTC)
UPDATED = datetime(2021, 1, 18, 8, 30, tzinfo=UTC)

LONG_TEXT = (
    "1月20日，聊城水务集团召开三届一次职工代表大会暨2021年工作会议；会议听取并审议了"
    "《集团2020年工作报告》，部署2021年重点工作。会议强调，要坚持以人民为中心，"
    "扎实做好供水保障、老旧小区改造、双水源供水等工作,确保各项任务落到实处;"
    "反斜杠\\也要原样保留。\n第二段：集团党委书记、董事长谭相彦作讲话，"
    "要求各单位对照“十四五”规划，逐条抓好落实。\r\n第三段：会议以举手表决方式通过了各项决议。"
) * 3
TRICKY_NAME = '王"吾"雪: 副总经理; 兼, 职工董事\n第二行'
OPTIONS = FeedOptions(
    base_url="https://gov.example.cn",
    calendar_uid="feed-7@governance.lcsw",
    name="谭相彦的会议日历",
    description="聊城市城市水务集团有限公司会议记录系统的订阅日历，每小时更新。",
    alarm_minutes=30,
    deadline_events=True,
)


def event(ident: int, **fields: object) -> FeedEvent:
    values: dict[str, object] = {
        "id": ident,
        "uid": rules.item_uid("event", ident, CREATED),
        "title": f"测试会议{ident}",
        "kind": "work_conference",
        "starts_at": datetime(2021, 1, 20, 9, tzinfo=SH),
        "ends_at": datetime(2021, 1, 20, 11, 30, tzinfo=SH),
        "all_day": False,
        "status": EventStatus.PLANNED,
        "visibility": Visibility.INTERNAL,
        "created": CREATED,
        "updated": UPDATED,
    }
    values.update(fields)
    return FeedEvent(**values)  # type: ignore[arg-type]


def task(ident: int, **fields: object) -> FeedTask:
    values: dict[str, object] = {
        "id": ident,
        "uid": rules.item_uid("task", ident, CREATED),
        "title": f"整改任务{ident}",
        "status": TodoStatus.NEEDS_ACTION,
        "created": CREATED,
        "updated": UPDATED,
        "url_path": f"/tasks/{ident}",
        "responsible_ids": frozenset({1}),
    }
    values.update(fields)
    return FeedTask(**values)  # type: ignore[arg-type]


def rich_events() -> list[FeedEvent]:
    return [
        event(
            1,
            title="集团召开三届一次职工代表大会暨2021年工作会议，部署重点工作；全体职工代表参加",
            kind="congress",
            location="集团三楼会议室, A座; 东区: 201",
            summary=LONG_TEXT,
            status=EventStatus.HELD,
            agenda=(
                AgendaLine("听取《集团2020年工作报告》，审议通过", "谭相彦"),
                AgendaLine("审议《选举办法》(草案); 举手表决"),
            ),
            attendees=(
                Attendee("person-1", "谭相彦", rules.CHAIR, "ACCEPTED"),
                Attendee("person-2", TRICKY_NAME, rules.REQUIRED, "ACCEPTED"),
                Attendee("person-3", "张永正", rules.NON_PARTICIPANT, "ACCEPTED"),
                Attendee("guest-9", "韩洪锋", rules.REQUIRED, "DECLINED"),
            ),
            revision=Revision(3, datetime(2021, 1, 19, 2, tzinfo=UTC)),
        ),
        event(
            2,
            title="主题党日活动",
            kind="themed_activity",
            starts_at=datetime(2021, 1, 22, tzinfo=SH),
            ends_at=datetime(2021, 1, 23, tzinfo=SH),
            all_day=True,
            visibility=Visibility.PUBLIC,
        ),
        event(
            3,
            title="团员青年培训班",
            kind="training",
            starts_at=datetime(2021, 1, 26, tzinfo=SH),
            ends_at=datetime(2021, 1, 31, tzinfo=SH),  # 1月26日—30日, exclusive end
            all_day=True,
        ),
        event(
            4,
            title="安全生产检查",
            kind="inspection",
            status=EventStatus.CANCELLED,
            starts_at=datetime(2021, 1, 27, 14, tzinfo=SH),
            ends_at=datetime(2021, 1, 27, 16, tzinfo=SH),
            revision=Revision(2, datetime(2021, 1, 25, tzinfo=UTC)),
        ),
        event(5, title="年度考核", status=EventStatus.POSTPONED, kind="assessment"),
        event(6, title="没有结束时间的座谈会", ends_at=None),
        event(
            7,
            title="跨越午夜的抢修调度会",
            starts_at=datetime(2021, 1, 28, 22, tzinfo=SH),
            ends_at=datetime(2021, 1, 29, 1, tzinfo=SH),
        ),
        event(
            8,
            title="1990年夏令时期间的会议",
            starts_at=datetime(1990, 7, 1, 9, tzinfo=SH),
            ends_at=datetime(1990, 7, 1, 10, tzinfo=SH),
            visibility=Visibility.CONFIDENTIAL,
        ),
    ]


def rich_tasks() -> list[FeedTask]:
    return [
        task(
            1,
            title="落实考核组整改建议；逐条销号",
            description=LONG_TEXT[:200],
            starts_on=date(2021, 1, 13),
            due_on=date(2021, 3, 31),
        ),
        task(2, status=TodoStatus.IN_PROCESS, percent=40, due_on=date(2021, 2, 15)),
        task(
            3,
            status=TodoStatus.COMPLETED,
            percent=100,
            due_on=date(2021, 1, 31),
            completed_at=datetime(2021, 1, 29, 7, 15, tzinfo=UTC),
        ),
        task(4, status=TodoStatus.CANCELLED, due_on=date(2021, 2, 1)),
        task(5, starts_on=date(2021, 5, 1), due_on=date(2021, 4, 1)),  # start after due
        task(6, title="长期坚持：安全生产责任制"),  # no deadline
    ]


# The UTC instant every timed start must land on, whatever the reader's own time zone.
EXPECTED_STARTS = {
    1: "2021-01-20T01:00:00.000Z",
    4: "2021-01-27T06:00:00.000Z",
    5: "2021-01-20T01:00:00.000Z",
    6: "2021-01-20T01:00:00.000Z",
    7: "2021-01-28T14:00:00.000Z",
    8: "1990-07-01T00:00:00.000Z",  # 09:00 at +09:00 (daylight saving then)
}
