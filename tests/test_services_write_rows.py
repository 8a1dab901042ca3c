"""Writes through prebuilt Core statements: what they hand back, stale copies, the write lock."""

import sqlite3
from contextlib import closing

import pytest
from app_support import fresh_app
from sqlalchemy import event, inspect

from registry.errors import PreconditionFailed
from registry.extensions import db
from registry.models import RegisteredModel
from registry.services import aliases, registered_models, versions, views
from registry.services.model_rows import UPDATE_MODEL, change_model, execute, find_model
from registry.services.unit import atomic


def count_statements():
    """The statements run from now on."""
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def test_a_write_hands_back_an_orm_object_whose_columns_need_no_query(app_context):
    statements = count_statements()
    model = registered_models.create_model("bert", "card", {"team": "nlp"})
    written = len(statements)
    assert (model.name, model.description, model.row_version) == ("bert", "card", 1)
    assert len(statements) == written
    # Nothing else holds the model's object: the version's and the alias's keep it.
    del model
    version = versions.create_version("BERT", framework="JAX", metrics={"acc": 0.5})
    written = len(statements)
    assert (version.version, version.model.name, version.model.row_version) == ("1", "bert", 2)
    assert statements[written:] == []
    alias = aliases.set_alias("bert", "champion", "1")
    written = len(statements)
    assert (alias.alias, alias.model.name, alias.model.row_version) == ("champion", "bert", 3)
    assert statements[written:] == []
    # Relationships load when first read, as any ORM object's do.
    assert [metric.value for metric in version.metrics] == [0.5]
    assert {tag.key: tag.value for tag in version.model.tags} == {"team": "nlp"}
    assert alias.version.version == "1"


def test_a_copy_read_before_a_write_shows_the_write(app_context):
    registered_models.create_model("bert", "old card")
    copy = registered_models.get_model("bert")
    assert copy.row_version == 1
    changed = registered_models.update_model("bert", {"description": "new card"})
    assert changed is copy
    assert (copy.description, copy.row_version) == ("new card", 2)
    versions.create_version("bert", framework="JAX")
    assert copy.row_version == 3


def test_a_deleted_model_s_copy_leaves_the_session_readable(app_context):
    registered_models.create_model("bert")
    copy = registered_models.get_model("bert")
    registered_models.delete_model("bert")
    assert inspect(copy).detached
    assert copy.name == "bert"
    assert db.session.get(RegisteredModel, copy.id) is None


def test_a_change_to_a_row_changed_meanwhile_is_refused(app_context):
    registered_models.create_model("bert")
    with pytest.raises(PreconditionFailed), atomic():
        seen = find_model("bert")
        execute(UPDATE_MODEL, {"model_id": seen.id, "seen": seen.row_version})
        change_model(seen, description="lost update")
    assert registered_models.get_model("bert").row_version == 1


def test_a_write_after_a_read_holds_sqlite_s_write_lock_from_its_start(tmp_path):
    path = tmp_path / "lock.sqlite3"
    config = {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    with fresh_app(config) as app, app.app_context():
        registered_models.create_model("bert")
        assert registered_models.get_model("bert").name == "bert"  # a read transaction is open
        with atomic(), closing(sqlite3.connect(path, timeout=0)) as other:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            find_model("bert")
        registered_models.update_model("bert", {"description": "after a read"})
        assert registered_models.get_model("bert").description == "after a read"


def test_a_new_model_s_view_is_what_reading_it_back_gives(app_context):
    first = {"framework": "JAX", "metrics": {"b": 2, "a": 1.5}, "tags": {"z": "1", "y": "2"}}
    model, version = registered_models.create_model_view(
        "Bert", "card", {"team": "nlp", "env": "prod"}, first_version=first
    )
    assert (model, version) == (views.model_view("bert"), views.version_view("bert", "1"))
    assert list(model.tags) == ["env", "team"]
    assert list(version.metrics) == ["a", "b"]
    assert views.latest_versions([model.id])[model.id].uuid == version.uuid
    alone, none = registered_models.create_model_view("empty")
    assert (alone, none) == (views.model_view("empty"), None)


def test_a_new_version_s_view_is_what_reading_it_back_gives(app_context):
    registered_models.create_model("bert")
    added = versions.create_version_view(
        "BERT", framework="JAX", source="s3://b/1", tags={"k": "v"}
    )
    assert added == views.version_view("bert", "1")
    assert (added.model_name, added.row_version, added.aliases) == ("bert", 1, ())
    assert views.model_view("bert").row_version == 2


def test_setting_an_alias_answers_the_version_as_reading_it_back_does(app_context):
    registered_models.create_model("bert", first_version={"framework": "JAX", "tags": {"k": "v"}})
    versions.create_version("bert", framework="JAX")
    aliases.set_alias("bert", "challenger", "1")
    shown = aliases.set_alias_view("BERT", "champion", "1")
    assert shown == views.version_by_alias("bert", "champion")
    assert (shown.version, shown.aliases, shown.tags) == (
        "1",
        ("challenger", "champion"),
        {"k": "v"},
    )
    assert aliases.set_alias_view("bert", "champion", "2").aliases == ("champion",)


def test_a_change_answers_the_model_as_reading_it_back_does(app_context):
    registered_models.create_model("bert", first_version={"framework": "JAX"})
    found, latest = registered_models.update_model_view(
        "BERT", {"name": "Bert", "tags": {"a": "b"}}
    )
    assert (found, latest) == views.model_with_latest("bert")
    assert (found.name, found.tags, found.row_version, latest.version) == (
        "Bert",
        {"a": "b"},
        3,
        "1",
    )
    tagged = registered_models.set_model_tag_view("bert", "team", "nlp")
    assert tagged == views.model_with_latest("bert")
    assert tagged[0].tags == {"a": "b", "team": "nlp"}
    staged = registered_models.update_model_view(
        "bert", {"description": "card"}, read=views.model_with_stage_tops
    )
    assert staged == views.model_with_stage_tops("bert")
