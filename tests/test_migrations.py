"""Migrations: `flask db upgrade` builds exactly the models' schema and keeps existing rows."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from registry import create_app
from registry.extensions import db
from registry.services import registered_models


@pytest.fixture
def empty_app(app_config):
    """An app on an empty database (no create_all): migrations alone must build it."""
    app = create_app(app_config)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


def test_upgrade_on_an_empty_database_gives_exactly_the_models_schema(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_upgrade_via_the_cli_then_again_at_head_keeps_the_rows(empty_app):
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with empty_app.app_context():
        registered_models.create_model("kept", first_version={"framework": "JAX"})
        db.session.remove()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        assert registered_models.get_model("kept").versions[0].framework == "JAX"
