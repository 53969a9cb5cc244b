"""The message catalogue: every error code in Chinese and English, read from
templates/messages/*.yaml (staff may reword them there; a test checks that every code the code
raises has both texts and that their parameters agree).

    end_before_start:
      zh: 结束不能早于开始
      en: "{field} is before start"

Texts are `str.format` templates over the error's parameters. In Chinese, a parameter named
`what` (a record type such as `event`) is printed with its Chinese noun from `nouns.yaml`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from governance.core.yamltext import load_yaml

CATALOGUE = Path(__file__).resolve().parents[2] / "templates" / "messages"
LANGUAGES = ("zh", "en")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
strict = False  # the test suite sets it: a code without a text is then an error


@cache
def catalogue(folder: Path = CATALOGUE) -> dict[str, dict[str, str]]:
    """Every code's texts; a code defined in two files is an error."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "nouns.yaml":
            continue
        for code, texts in (load_yaml(path.read_text(encoding="utf-8")) or {}).items():
            if code in merged:
                raise ValueError(f"{path.name}: message code {code!r} is defined twice")
            if not isinstance(texts, dict) or not all(
                isinstance(texts.get(lang), str) for lang in LANGUAGES
            ):
                raise ValueError(
                    f"{path.name}: {code!r} needs zh and en texts (quote a text with ': ')"
                )
            merged[code] = {lang: texts[lang] for lang in LANGUAGES}
    return merged


@cache
def nouns(folder: Path = CATALOGUE) -> dict[str, str]:
    """Record types (`event`, `standing body`) as Chinese nouns (活动, 会议机构)."""
    data = load_yaml((folder / "nouns.yaml").read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def is_code(text: str) -> bool:
    return _CODE.fullmatch(text) is not None


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # a text naming a parameter the error lacks: shown, never a 500


def render(code: str, params: Mapping[str, Any], lang: str) -> str:
    texts = catalogue().get(code)
    if texts is None:
        if strict:
            raise KeyError(f"message code {code!r} has no text in templates/messages/")
        return code  # never a 500 for a missing text; the tests run strict
    values = _Params(params)
    if lang == "zh" and "what" in values:
        values["what"] = nouns().get(str(values["what"]), values["what"])
    return texts[lang].format_map(values)


# --- pydantic's errors as codes ----------------------------------------------------------------
_PYDANTIC = {
    "missing": "required",
    "int_parsing": "not_an_integer",
    "int_type": "not_an_integer",
    "int_from_float": "not_an_integer",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "enum": "unknown_choice",
    "literal_error": "unknown_choice",
    "string_pattern_mismatch": "control_characters",
    "too_long": "too_many",
    "extra_forbidden": "unknown_field",
    "string_type": "not_text",
    "list_type": "not_a_list",
    "dict_type": "not_an_object",
    "model_type": "not_an_object",
    "model_attributes_type": "not_an_object",
    "json_invalid": "bad_json",
    "url_parsing": "not_a_url",
}


def code_of_pydantic(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(code, parameters) of one error of pydantic's `ValidationError.errors()`."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return ("required", {}) if minimum == 1 else ("too_short", {"min": minimum})
    if kind == "string_too_long":
        return "too_long", {"max": ctx.get("max_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return "too_small", {"min": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return "too_large", {"max": ctx.get("le", ctx.get("lt"))}
    if kind.startswith(("date", "datetime", "time")):
        return "not_a_date", {}
    if kind.startswith("bool"):
        return "not_yes_no", {}
    if kind in _PYDANTIC:
        return _PYDANTIC[kind], {}
    if kind in catalogue():  # a validator's PydanticCustomError with one of our codes
        return kind, ctx
    return "invalid_value", {"detail": str(error.get("msg", ""))}
