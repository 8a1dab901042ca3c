"""Migrations: `flask db upgrade` builds exactly the models' schema and keeps existing rows."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from registry import create_app
from registry.extensions import db
from registry.models import is_search_index_object
from registry.services import model_search, registered_models
from registry.services.model_search import ModelFilter


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
            context = MigrationContext.configure(
                connection,
                opts={"include_object": lambda _o, name, *_: not is_search_index_object(name)},
            )
            differences = compare_metadata(context, db.metadata)
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


def test_upgrading_a_database_made_by_an_older_revision_keeps_and_indexes_its_rows(empty_app):
    with empty_app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO registered_models (name, name_key, description, next_version, "
                "created_at, updated_at, row_version) VALUES ('Old', 'old', 'from before', 1, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
            )
        upgrade()
        listing = model_search.list_models(ModelFilter(q="from bef")).items
    assert [row.model.name for row in listing] == ["Old"]


TRIGRAM_OPTIONS = (
    "SELECT relname, reloptions FROM pg_class WHERE right(relname, 5) = '_trgm' ORDER BY 1"
)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_trigram_indexes_write_through_after_migrations_and_create_all(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            migrated = connection.exec_driver_sql(TRIGRAM_OPTIONS).all()
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE alembic_version")
        db.create_all()
        with db.engine.connect() as connection:
            created = connection.exec_driver_sql(TRIGRAM_OPTIONS).all()
    expected = [
        (name, ["fastupdate=off"])
        for name in (
            "ix_registered_models_description_trgm",
            "ix_registered_models_name_key_trgm",
            "ix_registered_models_name_trgm",
        )
    ]
    assert migrated == expected
    assert created == expected
