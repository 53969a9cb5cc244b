"""Reminders of what is due or overdue: the text per responsible person, and e-mail through the
configured SMTP server (off unless configured and asked for)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from governance.core.settings import SmtpSettings
from governance.tasks.labels import TEMPLATES, chinese_date, load_labels
from governance.tasks.schemas import ReminderGroup

Sender = Callable[[Sequence[EmailMessage]], None]


def _environment() -> Environment:
    # Plain text, not HTML: nothing to escape.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(groups: Sequence[ReminderGroup], today: date, days: int) -> str:
    template = _environment().get_template("reminder.txt")
    return template.render(
        groups=groups, today=chinese_date(today), days=days, colours=load_labels().colour_short
    )


def messages(
    groups: Sequence[ReminderGroup], today: date, days: int, sender: str
) -> list[EmailMessage]:
    """One message per responsible person with an address, listing only their tasks."""
    result = []
    for group in groups:
        if not group.email:
            continue
        message = EmailMessage()
        message["Subject"] = f"整改任务提醒：{len(group.tasks)}项{days}天内到期或已逾期"
        message["From"] = sender
        message["To"] = group.email
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        message.set_content(render([group], today, days))
        result.append(message)
    return result


def smtp_sender(settings: SmtpSettings) -> Sender:
    """Sends a batch over one connection to the configured server."""

    def send(batch: Sequence[EmailMessage]) -> None:
        if not batch:
            return
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if settings.ssl:
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.starttls and not settings.ssl:
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password)
            for message in batch:
                client.send_message(message)

    return send
