"""Form input and refusals in Chinese, in one place.

A page validates what a form sent with the same pydantic schemas as the JSON API and calls the
same services; a refusal, whether pydantic's or a service's `Invalid(field, message)`, becomes a
Chinese message keyed by the field's path (`participants[0].role`), which is also the form
field's name, so the template shows it next to the field. Nothing typed is lost: the page is
rendered again from the submitted values, with status 422.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from governance.core import crud
from governance.core.errors import DomainError

FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]

WHOLE_FORM = "__all__"

# Record names the services use in messages ("no person with id 3").
WHAT = {
    "person": "人员",
    "organisation": "组织",
    "standing body": "会议机构",
    "event": "活动",
    "post": "职务",
    "document": "文件",
    "tenure": "任职",
}


def _ctx(error: Mapping[str, Any], name: str) -> Any:
    return (error.get("ctx") or {}).get(name, "")


def pydantic_message(error: Mapping[str, Any]) -> str:
    """One pydantic error as a sentence in Chinese."""
    kind = error.get("type", "")
    if kind == "missing":
        return "必填"
    if kind == "string_too_short":
        return (
            "必填" if _ctx(error, "min_length") == 1 else f"至少 {_ctx(error, 'min_length')} 个字"
        )
    if kind == "string_too_long":
        return f"不能超过 {_ctx(error, 'max_length')} 个字"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "请填写整数"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"不能小于 {_ctx(error, 'ge') or _ctx(error, 'gt')}"
    if kind in {"less_than_equal", "less_than"}:
        return f"不能大于 {_ctx(error, 'le') or _ctx(error, 'lt')}"
    if kind in {"enum", "literal_error"}:
        return "请从列表中选择"
    if kind.startswith(("date", "datetime")) or kind in {"time_parsing"}:
        return "日期格式应为 2021-01-20（时间 09:30）"
    if kind.startswith("bool"):
        return "请选择是或否"
    if kind == "string_pattern_mismatch":
        return "不能含控制字符"
    if kind == "too_long":
        return "条目太多"
    if kind == "extra_forbidden":
        return "不认识的字段"
    if kind == "value_error":
        return service_message(str(error.get("msg", "")).removeprefix("Value error, "))
    return f"填写有误（{error.get('msg', '')}）"


# The services' English rule messages (after "field: ") and their Chinese wording.
_PATTERNS: list[tuple[str, Any]] = [
    (r"^must not contain NUL", "不能含控制字符"),
    (r"^give exactly one of person_id and guest", "请从建议中选择人员，或勾选“来宾”并填写姓名"),
    (r"^no (.+?) with id (\d+)", lambda m: f"所选{WHAT.get(m[1], m[1])}不存在（编号 {m[2]}）"),
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


def service_message(message: str) -> str:
    for pattern, chinese in _PATTERNS:
        if match := re.search(pattern, message):
            return chinese(match) if callable(chinese) else chinese
    return f"填写有误（{message}）"


def path_of(loc: tuple[Any, ...]) -> str:
    """('participants', 0, 'role') -> 'participants[0].role'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def validation_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        # Union types add the member's name to the path (e.g. 'date' or 'datetime'): drop it.
        loc = tuple(p for p in loc if p not in {"date", "datetime", "function-after[]"})
        errors.setdefault(path_of(loc) or WHOLE_FORM, pydantic_message(error))
    return errors


def domain_errors(exc: DomainError) -> dict[str, str]:
    field = exc.field or ""
    message = exc.message
    if field and message.startswith(field + ":"):
        message = message[len(field) + 1 :].strip()
    elif ":" in message and not field:
        head, _, rest = message.partition(":")
        if re.fullmatch(r"[\w\[\].]+", head):
            field, message = head, rest.strip()
    return {field or WHOLE_FORM: service_message(message)}


def text(form: Mapping[str, Any], name: str) -> str:
    """One field's text as typed (a repeated field keeps its last value)."""
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


def checked(form: Mapping[str, Any], name: str) -> bool:
    return text(form, name) not in {"", "0", "off", "false"}


def optional(value: str) -> str | None:
    return value or None


def see_other(path: str) -> Redirect:
    """After a form is saved: 303, so reloading the next page does not post again."""
    return Redirect(path, status_code=HTTP_303_SEE_OTHER)


def save(
    session: Session,
    resource: crud.Resource[Any],
    schema: type[BaseModel],
    values: dict[str, Any],
    ident: int | None = None,
) -> tuple[Any, dict[str, str]]:
    """Validate with the API's schema and save through crud: (row, {}) or (None, errors)."""
    try:
        data = schema.model_validate(values)
        row = (
            crud.create(session, resource, data)
            if ident is None
            else crud.update(session, resource, ident, data)
        )
    except ValidationError as exc:
        return None, validation_errors(exc)
    except DomainError as exc:
        session.rollback()
        if exc.status_code == 404:
            raise
        return None, domain_errors(exc)
    return row, {}
