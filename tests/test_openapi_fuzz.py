"""No client input ever yields a 500: schemathesis drives every operation of the OpenAPI
document with generated input, valid and invalid, against a database with real records.

One test per operation and mode, so parallel workers share the work; each starts from the
newsletter's records (real ids, so generated requests reach the rules)."""

from __future__ import annotations

import tempfile

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
import sqlalchemy as sa
from litestar import Litestar
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.schemas import BaseSchema
from sqlmodel import Session

from governance.app import create_app
from governance.core.settings import Settings
from tests.accounts.auth import admin_headers
from tests.conftest import shared_app
from tests.newsletter import load_newsletter

EXAMPLES = 12  # per operation and mode; derandomized, so a run is repeatable
ACCOUNTS = "/api/v1/users"  # cases under it may disable the admin or revoke its token


def document_operations() -> list[str]:
    """Labels (`GET /api/v1/events`) of every operation, read from an app that is never served."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=folder, database_url="sqlite://", secret_key="collect")
        document = create_app(settings).openapi_schema.to_schema()
    schema = schemathesis.openapi.from_dict(document)
    return [result.ok().label for result in schema.get_all_operations()]


OPERATIONS = document_operations()
_schemas: dict[int, BaseSchema] = {}


def test_the_document_has_every_record_types_operations() -> None:
    assert len(OPERATIONS) >= 40


def fuzz_schema(app: Litestar, headers: dict[str, str]) -> BaseSchema:
    if id(app) not in _schemas:
        _schemas[id(app)] = schemathesis.openapi.from_asgi(
            "/schema/openapi.json", app, headers=headers
        )
    return _schemas[id(app)]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_input_yields_a_server_error(
    engine: sa.Engine, settings: Settings, label: str, mode: GenerationMode
) -> None:
    with Session(engine) as session:
        load_newsletter(session)
    method, path = label.split(" ", 1)
    headers = admin_headers(engine)
    operation = fuzz_schema(shared_app(engine, settings), headers)[path][method]

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def no_server_error(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
        if path.startswith(ACCOUNTS):
            headers.update(admin_headers(engine))  # the admin made whole again

    try:
        no_server_error()
    except hypothesis.errors.Unsatisfiable:
        # Nothing in this operation can be made invalid (e.g. a lone free-text path part).
        assert mode is GenerationMode.NEGATIVE, label
