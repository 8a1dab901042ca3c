"""Batch loading for list pages: highest version per stage, and many models' tags at once."""

from sqlalchemy import event

from registry.extensions import db
from registry.services import batch, registered_models, versions


def count_queries():
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def test_highest_version_per_stage_in_stage_order(app_context):
    registered_models.create_model("bert")
    registered_models.create_model("empty")
    for label, stage in [
        ("1", "Production"),
        ("2", "None"),
        ("1.10.0", "Staging"),
        ("1.9.0", "Staging"),
        ("3", "Production"),
        ("4", "None"),
    ]:
        versions.create_version("bert", version=label, framework="JAX", stage=stage)
    bert = registered_models.get_model("bert")
    empty = registered_models.get_model("empty")
    found = batch.highest_versions_per_stage([bert.id, empty.id])
    assert [(v.stage, v.version) for v in found[bert.id]] == [
        ("None", "4"),
        ("Staging", "1.10.0"),
        ("Production", "3"),
    ]
    assert found[empty.id] == []
    assert batch.highest_versions_per_stage([]) == {}


def test_highest_versions_come_with_tags_and_aliases_in_a_fixed_number_of_queries(app_context):
    for name in ("a", "b", "c"):
        registered_models.create_model(name)
        versions.create_version(name, framework="JAX", tags={"k": name})
    ids = [registered_models.get_model(name).id for name in ("a", "b", "c")]
    db.session.expunge_all()
    statements = count_queries()
    found = batch.highest_versions_per_stage(ids)
    assert [[tag.value for tag in v.tags] for model_id in ids for v in found[model_id]] == [
        ["a"],
        ["b"],
        ["c"],
    ]
    assert all(v.aliases == [] for model_id in ids for v in found[model_id])
    assert len(statements) == 3  # versions, their tags, their aliases


def test_load_model_tags_fills_many_models_with_one_query(app_context):
    registered_models.create_model("a", tags={"team": "x", "env": "prod"})
    registered_models.create_model("b")
    db.session.expunge_all()
    models = [registered_models.get_model("a"), registered_models.get_model("b")]
    statements = count_queries()
    batch.load_model_tags(models)
    assert [[(t.key, t.value) for t in m.tags] for m in models] == [
        [("env", "prod"), ("team", "x")],
        [],
    ]
    assert len(statements) == 1
    batch.load_model_tags([])
