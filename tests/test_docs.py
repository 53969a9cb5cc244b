"""The README documents what a user needs: the two commands, every CLI command and setting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import typer.main

from governance.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]
    return [line for line in block.splitlines()[1:] if line.strip()]


def test_quick_start_has_exactly_two_commands_demo_then_tests() -> None:
    demo, tests = quick_start_commands()
    assert demo.endswith("governance demo")
    assert "pytest" in tests and "[test]" in tests


def test_ci_runs_the_readme_test_command() -> None:
    assert "Quick start" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_command_is_documented() -> None:
    group = typer.main.get_group(app)
    names: list[str] = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {child}" for child in sub) if sub else names.append(name)
    for name in names:
        assert f"`governance {name}" in README, name


def test_every_setting_is_documented() -> None:
    # The app's settings, and the switches of the test suite (tests/*.py and .ci/run).
    sources = [*(ROOT / "governance").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    text = "".join(p.read_text(encoding="utf-8") for p in sources)
    text += (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    used = set(re.findall(r"GOVERNANCE_[A-Z_]+|HYPOTHESIS_PROFILE", text))
    used.discard("GOVERNANCE_")  # a prefix in a pattern, not a setting
    for name in sorted(used):
        assert f"`{name}`" in README, name


def test_code_is_ruff_clean() -> None:
    # --no-cache: a stale .ruff_cache once hid an unsorted import that a fresh clone reported.
    for args in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
