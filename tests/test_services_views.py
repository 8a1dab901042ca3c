"""Read-only views of models and versions: what they hold, their order, their query count."""

import pytest
from sqlalchemy import event

from registry.errors import InvalidCursor, NotFound
from registry.extensions import db
from registry.services import aliases, registered_models, versions, views
from registry.services.query import Page


def count_queries():
    """The SELECTs run from now on (a transaction's BEGIN is not a query)."""
    statements = []

    def record(_connection, _cursor, statement, *_args):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    return statements


def model_id(name: str) -> int:
    return registered_models.get_model(name).id


def test_model_view_holds_tags_and_aliases_in_key_order(app_context):
    registered_models.create_model("Bert", "A model.", tags={"team": "nlp", "env": "prod"})
    versions.create_version("bert", framework="JAX")
    versions.create_version("bert", framework="JAX")
    aliases.set_alias("bert", "prod", "1")
    aliases.set_alias("bert", "champion", "2")
    found = views.model_view("BERT")
    assert (found.name, found.description) == ("Bert", "A model.")
    assert list(found.tags.items()) == [("env", "prod"), ("team", "nlp")]
    assert list(found.aliases.items()) == [("champion", "2"), ("prod", "1")]
    assert found.row_version >= 1


def test_version_view_holds_metrics_tags_and_aliases(app_context):
    registered_models.create_model("bert")
    versions.create_version(
        "bert", framework="JAX", source="s3://b/1", metrics={"f1": 0.5, "acc": 0.25},
        tags={"b": "2", "a": "1"},
    )  # fmt: skip
    aliases.set_alias("bert", "zeta", "1")
    aliases.set_alias("bert", "alpha", "1")
    found = views.version_view("bert", "1")
    assert (found.model_name, found.version, found.framework, found.source) == (
        "bert", "1", "JAX", "s3://b/1",
    )  # fmt: skip
    assert list(found.metrics.items()) == [("acc", 0.25), ("f1", 0.5)]
    assert list(found.tags.items()) == [("a", "1"), ("b", "2")]
    assert found.aliases == ("alpha", "zeta")
    assert views.version_by_alias("bert", "zeta") == found


def test_model_with_latest_version(app_context):
    registered_models.create_model("bert", tags={"team": "nlp"})
    assert views.model_with_latest("bert")[1] is None
    for label in ("2", "1"):
        versions.create_version("bert", version=label, framework="JAX")
    found, latest = views.model_with_latest("BERT")
    assert (found.name, found.tags) == ("bert", {"team": "nlp"})
    assert (latest.version, latest.framework, latest.model_id) == ("1", "JAX", found.id)
    with pytest.raises(NotFound, match="Model 'nope' not found"):
        views.model_with_latest("nope")


def test_metrics_keep_full_precision(app_context):
    registered_models.create_model("bert")
    precise = {"loss": 0.12345678901234568, "big": 1.2345678901234567e300, "tiny": -5e-324}
    versions.create_version("bert", framework="JAX", metrics=precise)
    assert views.version_view("bert", "1").metrics == precise


def test_missing_objects_are_named_in_the_error(app_context):
    registered_models.create_model("bert")
    with pytest.raises(NotFound, match="Model 'nope' not found"):
        views.model_view("nope")
    with pytest.raises(NotFound, match="Model 'bert' has no version '9'"):
        views.version_view("BERT", "9")
    with pytest.raises(NotFound, match="Model 'bert' has no alias 'x'"):
        views.version_by_alias("bert", "x")
    with pytest.raises(NotFound, match="Model 'nope' not found"):
        views.version_by_alias("nope", "x")
    with pytest.raises(NotFound, match="Model 'nope' not found"):
        views.versions_of("nope")
    with pytest.raises(NotFound):
        views.model_view("bad\x00name")


def test_versions_of_a_model_highest_first(app_context):
    registered_models.create_model("bert")
    for label in ("1.9.0", "1.10.0", "2"):
        versions.create_version("bert", version=label, framework="JAX")
    found = views.versions_of("bert")
    assert [one.version for one in found.items] == ["2", "1.10.0", "1.9.0"]
    assert found.next_cursor is None


def test_versions_of_a_model_come_a_page_at_a_time(app_context):
    registered_models.create_model("bert")
    registered_models.create_model("other")
    for label in ("1", "2", "10", "3", "20"):
        versions.create_version("bert", version=label, framework="JAX", tags={"k": label})
    pages, cursor = [], None
    while True:
        page = views.versions_of("BERT", limit=2, cursor=cursor)
        pages.append([(one.version, one.tags) for one in page.items])
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == [
        [("20", {"k": "20"}), ("10", {"k": "10"})],
        [("3", {"k": "3"}), ("2", {"k": "2"})],
        [("1", {"k": "1"})],
    ]
    first = views.versions_of("bert", limit=2)
    with pytest.raises(InvalidCursor):
        views.versions_of("other", limit=2, cursor=first.next_cursor)


def test_the_web_pages_and_the_api_pages_of_versions_share_their_cursors(app_context):
    registered_models.create_model("bert")
    for _ in range(3):
        versions.create_version("bert", framework="JAX")
    model = registered_models.get_model("bert")
    web_first = versions.versions_page(model, limit=2)
    api_rest = views.versions_of("bert", limit=2, cursor=web_first.next_cursor)
    assert [one.version for one in web_first.items] == ["3", "2"]
    assert [one.version for one in api_rest.items] == ["1"]
    api_first = views.versions_of("bert", limit=2)
    assert api_first.next_cursor == web_first.next_cursor


def test_versions_of_a_model_page_by_page_without_the_session(app):
    with app.app_context():
        registered_models.create_model("bert")
        for _ in range(3):
            versions.create_version("bert", framework="JAX", tags={"k": "v"})
    with app.app_context():  # a fresh request: its reads run on the driver connection
        first = views.versions_of("bert", limit=2)
        rest = views.versions_of("bert", limit=2, cursor=first.next_cursor)
        assert not db.session.registry.has()
    assert [one.version for one in first.items + rest.items] == ["3", "2", "1"]
    assert all(one.tags == {"k": "v"} for one in first.items + rest.items)


def test_versions_of_a_model_carry_their_own_details_only(app):
    with app.app_context():
        for name in ("bert", "other"):
            registered_models.create_model(name)
        versions.create_version("bert", framework="JAX", tags={"k": "1"}, metrics={"m": 1.0})
        versions.create_version("bert", framework="JAX", tags={"k": "2"})
        versions.create_version("other", framework="JAX", tags={"k": "x"}, metrics={"m": 9.0})
        aliases.set_alias("bert", "champion", "2")
        aliases.set_alias("other", "champion", "1")
    with app.app_context():  # a fresh request's reads, outside any unit of work
        found = views.versions_of("bert").items
    assert [(one.version, one.tags, one.metrics, one.aliases) for one in found] == [
        ("2", {"k": "2"}, {}, ("champion",)),
        ("1", {"k": "1"}, {"m": 1.0}, ()),
    ]


def test_a_model_without_versions_lists_none(app_context):
    registered_models.create_model("empty")
    assert views.versions_of("empty") == Page([], None)


def test_highest_version_is_latest_alias(app_context):
    registered_models.create_model("bert")
    registered_models.create_model("empty")
    for label in ("1.10.0", "1.9.0"):
        versions.create_version("bert", version=label, framework="JAX")
    assert views.highest_version("bert").version == "1.10.0"
    assert views.highest_version("empty") is None
    with pytest.raises(NotFound):
        views.highest_version("nope")


def test_views_by_id_keep_the_order_given_and_skip_missing_ids(app_context):
    for name in ("a", "b", "c"):
        registered_models.create_model(name)
        versions.create_version(name, framework="JAX")
    ids = [model_id("c"), 999_999, model_id("a")]
    assert [found.name for found in views.model_views(ids)] == ["c", "a"]
    latest = views.latest_versions(ids)
    assert [latest[i].model_id for i in (ids[0], ids[2])] == [ids[0], ids[2]]
    version_ids = [latest[ids[2]].id, latest[ids[0]].id]
    assert [found.model_name for found in views.version_views(version_ids)] == ["a", "c"]
    assert views.model_views([]) == [] and views.version_views([]) == []
    assert views.latest_versions([]) == {} and views.highest_versions_per_stage([]) == {}


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
    bert, empty = model_id("bert"), model_id("empty")
    found = views.highest_versions_per_stage([bert, empty])
    assert [(v.stage, v.version) for v in found[bert]] == [
        ("None", "4"),
        ("Staging", "1.10.0"),
        ("Production", "3"),
    ]
    assert found[empty] == []


def test_many_models_and_versions_in_a_fixed_number_of_queries(app_context):
    for name in ("a", "b", "c"):
        registered_models.create_model(name, tags={"k": name})
        versions.create_version(name, framework="JAX", tags={"k": name}, metrics={"m": 1.0})
    ids = [model_id(name) for name in ("a", "b", "c")]
    statements = count_queries()
    models = views.model_views(ids)
    assert len(statements) == 2  # models, their tags and aliases
    latest = views.latest_versions(ids)
    assert len(statements) == 3  # + the latest versions
    shown = views.version_views([latest[i].id for i in ids])
    assert len(statements) == 5  # + versions, their tags, aliases and metrics
    assert [model.tags for model in models] == [{"k": "a"}, {"k": "b"}, {"k": "c"}]
    assert [found.tags["k"] for found in shown] == ["a", "b", "c"]
    assert all(found.metrics == {"m": 1.0} for found in shown)


def test_model_with_stage_tops_in_two_statements(app_context):
    registered_models.create_model("bert", tags={"team": "nlp"})
    registered_models.create_model("other")
    versions.create_version("other", framework="JAX", stage="Production")
    for label, stage in [("1", "Production"), ("2", "None"), ("3", "Staging"), ("4", "None")]:
        versions.create_version("bert", version=label, framework="JAX", stage=stage)
    versions.create_version("bert", version="5", framework="JAX", stage="Archived")
    versions.update_version("bert", "4", {"tags": {"k": "v"}, "metrics": {"m": 2.0}})
    aliases.set_alias("bert", "champion", "1")
    statements = count_queries()
    model, tops = views.model_with_stage_tops("BERT")
    assert len(statements) == 2
    assert (model.name, model.tags, model.aliases) == ("bert", {"team": "nlp"}, {"champion": "1"})
    assert [(found.stage, found.version) for found in tops] == [
        ("None", "4"),
        ("Staging", "3"),
        ("Production", "1"),
        ("Archived", "5"),
    ]
    assert (tops[0].tags, tops[0].metrics, tops[2].aliases) == (
        {"k": "v"},
        {"m": 2.0},
        ("champion",),
    )
    assert views.model_with_stage_tops("other")[1][0].model_name == "other"


@pytest.mark.parametrize(
    "stages", [["Production"], ["None", "Archived"], ["None", "Staging", "Production"]]
)
def test_each_stage_top_comes_with_its_own_details_whatever_their_number(app_context, stages):
    registered_models.create_model("bert", tags={"z": "last", "a": "first"})
    for number, stage in enumerate(stages, start=1):
        tags = {"b": str(number), "a": "x"}
        versions.create_version(
            "bert", framework="JAX", stage=stage, tags=tags, metrics={"m": number}
        )
        aliases.set_alias("bert", f"alias-{number}", str(number))
    model, tops = views.model_with_stage_tops("bert")
    assert list(model.tags.items()) == [("a", "first"), ("z", "last")]
    assert model.aliases == {f"alias-{number}": str(number) for number in range(1, len(stages) + 1)}
    assert [(top.stage, list(top.tags.items()), top.metrics, top.aliases) for top in tops] == [
        (stage, [("a", "x"), ("b", str(number))], {"m": number}, (f"alias-{number}",))
        for number, stage in enumerate(stages, start=1)
    ]


def test_model_with_stage_tops_of_a_model_without_versions(app_context):
    registered_models.create_model("empty", tags={"a": "b"})
    model, tops = views.model_with_stage_tops("empty")
    assert (model.name, model.tags, tops) == ("empty", {"a": "b"}, [])
    with pytest.raises(NotFound, match="Model 'nope' not found"):
        views.model_with_stage_tops("nope")
