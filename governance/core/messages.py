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
LEGACY = "legacy"  # a message not yet given a code: its English text is shown as it is
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
    if code == LEGACY:
        text = str(params.get("text", ""))
        return legacy_chinese(text) if lang == "zh" else text
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
    if kind == "value_error":
        return LEGACY, {"text": str(error.get("msg", "")).removeprefix("Value error, ")}
    return "invalid_value", {"detail": str(error.get("msg", ""))}


# --- messages not yet given a code ---------------------------------------------------------------
# The services' English messages of before the catalogue, and their Chinese wording: shrinking
# as services move to codes. Record names as the services print them.
_WHAT = {
    "person": "人员",
    "organisation": "组织",
    "standing body": "会议机构",
    "event": "活动",
    "post": "职务",
    "document": "文件",
    "tenure": "任职",
}
_PATTERNS: list[tuple[str, Any]] = [
    (r"^must not contain NUL", "不能含控制字符"),
    (r"^give exactly one of person_id and guest", "请从建议中选择人员，或勾选“来宾”并填写姓名"),
    (r"^no (.+?) with id (\d+)", lambda m: f"所选{_WHAT.get(m[1], m[1])}不存在（编号 {m[2]}）"),
    (r"^no document (\d+) at", "所选文件不属于本活动"),
    (
        r"^duplicate participant: .* as participants\[(\d+)\]",
        lambda m: f"与第 {int(m[1]) + 1} 行是同一人员、同一角色，重复了",
    ),
    (r"^(\d+) is more than delegates_due \((\d+)\)", lambda m: f"实到 {m[1]} 人多于应到 {m[2]} 人"),
    (r"^term and session need a body_id", "填写届次前请先选择会议机构"),
    (r"^is required unless body_id", "请填写标题，或选择会议机构并填写届次"),
    (r"^would make the event its own ancestor", "不能成为自己的上级活动"),
    (r"^would make an organisation its own ancestor", "不能成为自己的上级组织"),
    (r"^must be a date \(YYYY-MM-DD\) when start is a date", "开始没有填时间，结束也不能填时间"),
    (r"^must be a datetime when start is a datetime", "开始填了时间，结束也要填时间"),
    (r"^is before starts_on|^ends_on is before starts_on", "结束日期不能早于开始日期"),
    (r"^\S+ is before start", "结束不能早于开始"),
    (r"^year (\d+) is outside", lambda m: f"年份 {m[1]} 超出范围"),
    (r"^event \d+ already has key", "该标识已被其他活动使用"),
    (r"already listed at event", "已在本活动中以同一角色列出"),
    (r"already exists", "已有同名记录"),
    (
        r"is still referred to by other records \((.+?)\)",
        lambda m: f"仍有其他记录引用它（{m[1]}），请先删除或改挂这些记录",
    ),
    (r"is not deleted", "该活动不在回收站中"),
    (r"^must not be null", "必填"),
    (
        r"has changed since you read it",
        "保存前已有他人修改了这条记录：请打开最新内容，重新修改后再保存",
    ),
    (r"give at most one of document and document_id", "只能选择已有文件或新建文件之一"),
]


def legacy_chinese(message: str) -> str:
    if re.search(r"[A-Za-z]{3,}", message) is None:  # already written in Chinese
        return message
    text = re.sub(r"^[\w\[\].]+: ", "", message)
    for pattern, chinese in _PATTERNS:
        if match := re.search(pattern, text):
            return str(chinese(match) if callable(chinese) else chinese)
    return f"填写有误（{text}）"
