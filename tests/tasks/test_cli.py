"""`governance tasks …`: list, show, transition, export and remind (with e-mail to a local SMTP
sink)."""

from __future__ import annotations

import csv
import io
import socket
from collections.abc import Callable, Iterator
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from click.testing import Result
from sqlmodel import Session
from typer.testing import CliRunner

from governance.cli import app
from governance.core.settings import Settings
from governance.tasks.models import TaskContact, TaskStatus
from tests.tasks.factories import Cast, make_cast, make_task, move

Cli = Callable[..., Result]


@pytest.fixture
def cli(settings: Settings, tmp_path: Path) -> Cli:
    runner = CliRunner()

    def invoke(*args: object, env: dict[str, str] | None = None) -> Result:
        full = {
            "GOVERNANCE_DATABASE_URL": settings.database_url,
            "GOVERNANCE_DATA_DIR": str(tmp_path),
            **(env or {}),
        }
        return runner.invoke(app, [str(a) for a in args], env=full, catch_exceptions=False)

    return invoke


@pytest.fixture
def cast(session: Session) -> Cast:
    return make_cast(session)


@pytest.fixture
def due(session: Session, cast: Cast) -> dict[str, Any]:
    """On 2021-06-25: one overdue and one due in 5 days for 张永正, one for 润达水业 without a
    person, one far away, one closed, one ongoing."""
    overdue = make_task(session, cast, title="支部记录不规范", due_on=date(2021, 6, 20))
    soon = make_task(session, cast, title="管网末梢压力提升方案", due_on=date(2021, 6, 30))
    move(session, soon, cast, TaskStatus.IN_PROGRESS)
    unit = make_task(
        session, cast, title="消防验收标准", due_on=date(2021, 6, 28), responsible_person_id=None
    )
    make_task(session, cast, title="远期任务", due_on=date(2021, 12, 31))
    closed = make_task(session, cast, title="已完成", due_on=date(2021, 6, 1))
    move(session, closed, cast, TaskStatus.CLOSED)
    make_task(session, title="长期坚持的任务", ongoing=True)
    return {"overdue": overdue, "soon": soon, "unit": unit}


def test_remind_prints_what_is_due_per_responsible_person(cli: Cli, due: dict[str, Any]) -> None:
    result = cli("tasks", "remind", "--days", "7", "--today", "2021-06-25")
    assert result.exit_code == 0, result.output
    o, s, u = due["overdue"].id, due["soon"].id, due["unit"].id
    assert result.stdout == (
        "2021年6月25日 整改任务提醒：7天内到期及已逾期的任务\n"
        "\n"
        "张永正（2项）\n"
        f"  [红] #{o} 支部记录不规范：已逾期5天（期限2021年6月20日），进度0%，已登记\n"
        f"  [黄] #{s} 管网末梢压力提升方案：5天后到期（期限2021年6月30日），进度0%，整改中\n"
        "\n"
        "润达水业（未指定责任人）（1项）\n"
        f"  [黄] #{u} 消防验收标准：3天后到期（期限2021年6月28日），进度0%，已登记\n"
    )


def test_remind_with_nothing_due(cli: Cli, due: dict[str, Any]) -> None:
    result = cli("tasks", "remind", "--days", "0", "--today", "2021-01-01")
    assert result.exit_code == 0
    assert result.stdout == "2021年1月1日：没有0天内到期或已逾期的整改任务。\n"


def test_remind_uses_the_configured_warning_days(cli: Cli, due: dict[str, Any]) -> None:
    result = cli(
        "tasks", "remind", "--today", "2021-06-25", env={"GOVERNANCE_TASKS_WARN_DAYS": "2"}
    )
    assert result.exit_code == 0
    assert "5天后到期" not in result.stdout and "已逾期5天" in result.stdout
    assert "3天后到期" not in result.stdout


def test_remind_email_needs_a_configured_server(cli: Cli, due: dict[str, Any]) -> None:
    result = cli("tasks", "remind", "--email", "--today", "2021-06-25")
    assert result.exit_code == 1
    assert result.stderr == "error: --email: no SMTP server configured (set GOVERNANCE_SMTP_HOST)\n"


def test_a_bad_setting_stops_the_command_with_its_name(cli: Cli) -> None:
    result = cli("tasks", "remind", env={"GOVERNANCE_TASKS_WARN_DAYS": "x"})
    assert result.exit_code == 1
    assert result.stderr == "error: GOVERNANCE_TASKS_WARN_DAYS: 'x' is not a whole number\n"


class Sink:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Sink, int]]:
    """A local SMTP server on 127.0.0.1 that keeps what it receives."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()


def test_remind_emails_each_person_with_an_address(
    cli: Cli, session: Session, cast: Cast, due: dict[str, Any], smtp: tuple[Sink, int]
) -> None:
    sink, port = smtp
    session.add(TaskContact(person_id=cast.owner.id or 0, email="zhang@example.org"))
    session.commit()
    env = {
        "GOVERNANCE_SMTP_HOST": "127.0.0.1",
        "GOVERNANCE_SMTP_PORT": str(port),
        "GOVERNANCE_SMTP_FROM": "dangban@example.org",
    }
    result = cli("tasks", "remind", "--email", "--today", "2021-06-25", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("E-mails sent: 1\nNo address for: 润达水业（未指定责任人）\n")
    assert len(sink.envelopes) == 1
    envelope = sink.envelopes[0]
    assert (envelope.mail_from, envelope.rcpt_tos) == ("dangban@example.org", ["zhang@example.org"])
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "整改任务提醒：2项7天内到期或已逾期"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "张永正（2项）" in text and "支部记录不规范：已逾期5天" in text
    assert "消防验收标准" not in text  # only this person's tasks


def test_remind_reports_an_unreachable_server(
    cli: Cli, due: dict[str, Any], session: Session, cast: Cast
) -> None:
    session.add(TaskContact(person_id=cast.owner.id or 0, email="zhang@example.org"))
    session.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"GOVERNANCE_SMTP_HOST": "127.0.0.1", "GOVERNANCE_SMTP_PORT": str(port)}
    result = cli("tasks", "remind", "--email", "--today", "2021-06-25", env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: sending e-mail through 127.0.0.1:")


def test_no_email_is_sent_without_the_flag(
    cli: Cli, session: Session, cast: Cast, due: dict[str, Any], smtp: tuple[Sink, int]
) -> None:
    sink, port = smtp
    session.add(TaskContact(person_id=cast.owner.id or 0, email="zhang@example.org"))
    session.commit()
    env = {"GOVERNANCE_SMTP_HOST": "127.0.0.1", "GOVERNANCE_SMTP_PORT": str(port)}
    assert cli("tasks", "remind", "--today", "2021-06-25", env=env).exit_code == 0
    assert sink.envelopes == []


def test_list_and_filters(cli: Cli, due: dict[str, Any]) -> None:
    result = cli("tasks", "list", "--warning", "red", "--today", "2021-06-25")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"#{due['overdue'].id:<5} [红] 已登记    2021年6月20日     0%  张永正  支部记录不规范",
        "1 task(s)",
    ]
    everything = cli("tasks", "list", "--today", "2021-06-25").stdout.splitlines()
    assert everything[-1] == "6 task(s)"
    assert len(cli("tasks", "list", "--limit", "2").stdout.splitlines()) == 3


def test_show(cli: Cli, due: dict[str, Any]) -> None:
    result = cli("tasks", "show", due["soon"].id, "--today", "2021-06-25")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"#{due['soon'].id} 管网末梢压力提升方案",
        "状态：整改中   进度：0%   期限：2021年6月30日",
        "预警：黄色预警（进度滞后）",
        "来源：—",
        "责任领导：王吾雪   责任单位：润达水业   责任人：张永正",
    ]
    assert lines[-1] == "Allowed next: reported, cancelled"
    missing = cli("tasks", "show", 999)
    assert (missing.exit_code, missing.stderr) == (1, "error: task 999 not found\n")


def test_transition_by_name_or_id(cli: Cli, session: Session, cast: Cast) -> None:
    task = make_task(session, cast)
    result = cli("tasks", "transition", task.id, "assigned", "--by", "崔好发")
    assert (result.exit_code, result.stdout) == (0, f"task {task.id} is now assigned (已交办)\n")
    result = cli("tasks", "transition", task.id, "in_progress", "--by", cast.owner.id)
    assert result.exit_code == 0
    refused = cli("tasks", "transition", task.id, "closed", "--by", "谭相彦")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: task {task.id} is in_progress (整改中) and cannot move to closed (已销号); "
        "allowed: reported (已报送待销号), cancelled (已取消)\n"
    )
    unknown = cli("tasks", "transition", task.id, "reported", "--by", "无名氏")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "error: --by: no person named '无名氏'; give the id\n",
    )


def test_export_xlsx_and_csv(cli: Cli, due: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    result = cli("tasks", "export", target, "--today", "2021-06-25")
    assert (result.exit_code, result.stdout) == (0, f"Exported 6 task(s) to {target}\n")
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.max_row == 7
    assert sheet["A1"].value == "序号" and sheet["C2"].value == "支部记录不规范"
    out = cli("tasks", "export", "-", "--status", "closed")
    rows = list(csv.reader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    assert [r[2] for r in rows[1:]] == ["已完成"]
    wrong = cli("tasks", "export", tmp_path / "a.txt")
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        f"error: {tmp_path / 'a.txt'}: give a file ending in .xlsx or .csv\n",
    )
