"""Task settings from the environment: defaults, e-mail off unless configured, clear errors."""

from __future__ import annotations

import pytest

from governance.core.settings import SettingsError, SmtpSettings, TaskSettings


def test_defaults_have_email_off() -> None:
    assert TaskSettings.from_env({}) == TaskSettings(
        warn_days=7, max_upload_bytes=10 * 1024 * 1024, smtp=None
    )


def test_everything_can_be_set() -> None:
    env = {
        "GOVERNANCE_TASKS_WARN_DAYS": "3",
        "GOVERNANCE_TASKS_MAX_UPLOAD_MB": "2",
        "GOVERNANCE_SMTP_HOST": "mail.example.org",
        "GOVERNANCE_SMTP_PORT": "587",
        "GOVERNANCE_SMTP_USER": "dangban",
        "GOVERNANCE_SMTP_PASSWORD": "secret",
        "GOVERNANCE_SMTP_FROM": "dangban@example.org",
        "GOVERNANCE_SMTP_STARTTLS": "1",
    }
    assert TaskSettings.from_env(env) == TaskSettings(
        warn_days=3,
        max_upload_bytes=2 * 1024 * 1024,
        smtp=SmtpSettings(
            host="mail.example.org",
            port=587,
            user="dangban",
            password="secret",
            sender="dangban@example.org",
            starttls=True,
            ssl=False,
        ),
    )


@pytest.mark.parametrize(
    "env,message",
    [
        (
            {"GOVERNANCE_TASKS_WARN_DAYS": "seven"},
            "GOVERNANCE_TASKS_WARN_DAYS: 'seven' is not a whole number",
        ),
        ({"GOVERNANCE_TASKS_WARN_DAYS": "-1"}, "GOVERNANCE_TASKS_WARN_DAYS: -1 is outside 0–365"),
        (
            {"GOVERNANCE_TASKS_MAX_UPLOAD_MB": "65"},
            "GOVERNANCE_TASKS_MAX_UPLOAD_MB: 65 is outside 1–64",
        ),
        (
            {"GOVERNANCE_SMTP_HOST": "mail", "GOVERNANCE_SMTP_PORT": "0"},
            "GOVERNANCE_SMTP_PORT: 0 is outside 1–65535",
        ),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        TaskSettings.from_env(env)
    assert str(caught.value) == message
