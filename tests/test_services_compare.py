"""Comparing versions reads them all at once, however many are named."""

import pytest
from sqlalchemy import event

from registry.errors import NotFound
from registry.extensions import db
from registry.services import compare, registered_models, versions


@pytest.fixture
def resnet(app_context):
    registered_models.create_model("resnet")
    for index in range(20):
        versions.create_version(
            "resnet", framework="PyTorch", metrics={"acc": index / 20}, tags={"run": str(index)}
        )
    return app_context


def statements_to_compare(app, labels: list[str]) -> int:
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        compared = compare.compare_versions("resnet", labels)
        assert [version.version for version in compared.versions] == labels
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    db.session.rollback()  # each call starts its own transaction, as a request's does
    return len(statements)


def test_twenty_versions_cost_the_statements_of_two(resnet):
    few = statements_to_compare(resnet, ["2", "1"])
    many = statements_to_compare(resnet, [str(index) for index in range(20, 0, -1)])
    assert many == few


def test_a_missing_version_is_named(resnet):
    with pytest.raises(NotFound, match="has no version '42'"):
        compare.compare_versions("resnet", ["1", "42", "43"])
    with pytest.raises(NotFound, match="not found"):
        compare.compare_versions("ghost", ["1", "2"])
