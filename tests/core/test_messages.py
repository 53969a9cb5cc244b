"""The message catalogue (templates/messages/): every code has Chinese and English text (the
Chinese using no parameter the English lacks), the Chinese is Chinese, and every code the code raises is in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from governance.core import messages
from governance.core.errors import Conflict, DomainError, Invalid, NotFound

ROOT = Path(__file__).resolve().parents[2]
# Latin words a Chinese text may contain (file formats, protocol words).
LATIN_OK = {"JSON", "API", "ETag", "CSV", "PDF", "ICS", "URL", "Word", "Excel", "If", "Match"}


def test_every_code_has_both_texts_and_chinese_uses_only_known_parameters() -> None:
    catalogue = messages.catalogue()
    assert len(catalogue) > 20
    for code, texts in catalogue.items():
        assert messages.is_code(code), code
        zh, en = texts["zh"], texts["en"]
        assert zh.strip() and en.strip(), code
        # English may say more (a technical detail) than Chinese; never the other way round.
        assert messages.placeholders(zh) <= messages.placeholders(en), code


def test_chinese_texts_are_chinese() -> None:
    for code, texts in messages.catalogue().items():
        bare = re.sub(r"\{[^}]*\}", "", texts["zh"])
        words = set(re.findall(r"[A-Za-z]{3,}", bare)) - LATIN_OK
        assert not words, f"{code}: {texts['zh']}"


def test_every_noun_is_chinese() -> None:
    for english, chinese in messages.nouns().items():
        assert re.search(r"[A-Za-z]", chinese) is None, english


def _code_arguments() -> list[tuple[str, int, ast.expr]]:
    """(file, line, the code argument) of every Invalid(field, code), Conflict(code, …) and
    DomainError(code, …) call in governance/."""
    found = []
    for path in sorted((ROOT / "governance").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            position = {"Invalid": 1, "Conflict": 0, "DomainError": 0}.get(name)
            if position is None:
                continue
            keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
            argument = node.args[position] if len(node.args) > position else keyword
            if argument is not None:
                found.append((str(path.relative_to(ROOT)), node.lineno, argument))
    return found


def test_every_raised_code_is_in_the_catalogue() -> None:
    catalogue = messages.catalogue()
    legacy = []
    for where, line, argument in _code_arguments():
        constant = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
        if constant and messages.is_code(argument.value):
            assert argument.value in catalogue, f"{where}:{line}: {argument.value}"
            continue
        if isinstance(argument, ast.Name) and argument.id == "code":
            continue  # a helper passing on the code its caller chose (checked when rendered)
        legacy.append(f"{where}:{line}")
    assert legacy == [], "raise a code from the catalogue, not a text: " + ", ".join(legacy)


def test_an_error_renders_in_both_languages_and_names_its_field() -> None:
    error = Invalid("delegates_present", "too_large", max=41)
    assert error.message == "不能大于 41"
    assert error.detail == "delegates_present: must be at most 41"
    assert error.body() == {
        "status_code": 422,
        "code": "too_large",
        "field": "delegates_present",
        "message": "不能大于 41",
        "detail": "delegates_present: must be at most 41",
        "extra": [{"key": "delegates_present", "code": "too_large", "message": "不能大于 41"}],
    }


def test_not_found_names_the_record_in_chinese() -> None:
    error = NotFound("standing body", 7)
    assert (error.status_code, error.code) == (404, "not_found")
    assert error.message == "会议机构（编号 7）不存在"
    assert error.detail == "standing body 7 not found"


def test_a_conflict_keeps_its_status_and_its_field_out_of_the_detail() -> None:
    error = Conflict("required", field="name")
    assert (error.status_code, error.field, error.detail) == (409, "name", "is required")


def test_under_the_tests_a_code_without_text_is_an_error() -> None:
    with pytest.raises(KeyError, match="no_such_code"):
        DomainError("no_such_code").body()


@pytest.mark.parametrize(
    ("error", "code", "params"),
    [
        ({"type": "missing"}, "required", {}),
        ({"type": "string_too_short", "ctx": {"min_length": 1}}, "required", {}),
        ({"type": "string_too_short", "ctx": {"min_length": 2}}, "too_short", {"min": 2}),
        ({"type": "string_too_long", "ctx": {"max_length": 200}}, "too_long", {"max": 200}),
        ({"type": "greater_than_equal", "ctx": {"ge": 0}}, "too_small", {"min": 0}),
        ({"type": "less_than_equal", "ctx": {"le": 500}}, "too_large", {"max": 500}),
        ({"type": "int_parsing"}, "not_an_integer", {}),
        ({"type": "date_from_datetime_parsing"}, "not_a_date", {}),
        ({"type": "enum"}, "unknown_choice", {}),
        ({"type": "extra_forbidden"}, "unknown_field", {}),
        ({"type": "something_new", "msg": "odd"}, "invalid_value", {"detail": "odd"}),
    ],
)
def test_pydantic_errors_become_codes(error: dict, code: str, params: dict) -> None:
    assert messages.code_of_pydantic(error) == (code, params)
