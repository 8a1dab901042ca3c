"""Filtered lists give the same pages whichever way they are read (from the few models a filter
allows, or along the sort order), capped counts, and one-query lookups."""

import pytest
from sqlalchemy import event

from registry.errors import NotFound
from registry.extensions import db
from registry.services import aliases, lookup, model_search, narrowing, registered_models, versions
from registry.services.model_search import ModelFilter
from registry.services.search import Condition

MODELS = 30


@pytest.fixture
def registry(app_context):
    """MODELS models: every third has a JAX version, every tenth a 'rare' tag and a challenger."""
    for index in range(MODELS):
        name = f"Model-{index:02d}"
        framework = "JAX" if index % 3 == 0 else "PyTorch"
        tags = {"rare": "yes"} if index % 10 == 0 else {}
        registered_models.create_model(
            name, f"Number {index}", tags, first_version={"framework": framework}
        )
        if index % 10 == 0:
            aliases.set_alias(name, "challenger", "1")
    return app_context


FILTERS = [
    ModelFilter(framework="JAX"),
    ModelFilter(framework="JAX", sort="-created"),
    ModelFilter(tags=(("rare", "yes"),)),
    ModelFilter(tags=(("rare", None),), framework="JAX"),
    ModelFilter(alias="challenger"),
    ModelFilter(q="number 1"),
    ModelFilter(q="model-2", framework="PyTorch"),
    ModelFilter(conditions=(Condition("name", "LIKE", "%odel-1%"),)),
    ModelFilter(conditions=(Condition("name", "LIKE", "%odel-2_"),)),
    ModelFilter(conditions=(Condition("name", "ILIKE", "%ODEL-1%"),)),
    ModelFilter(conditions=(Condition("name", "=", "Model-07"),)),
]


def all_names(model_filter: ModelFilter, limit: int) -> list[str]:
    """Every name the list gives, page after page."""
    names, cursor = [], None
    while True:
        page = model_search.list_models(model_filter, limit=limit, cursor=cursor)
        names.extend(listing.model.name for listing in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return names


@pytest.mark.parametrize("model_filter", FILTERS, ids=range(len(FILTERS)))
def test_pages_are_the_same_whether_or_not_a_filter_drives_the_query(
    registry, model_filter, monkeypatch
):
    narrowed = all_names(model_filter, limit=4)
    # No filter allows "few": every list is read along its sort order.
    monkeypatch.setattr(narrowing, "FEW", 0)
    monkeypatch.setattr(narrowing, "FEW_TEXTS", 0)
    along_the_sort = all_names(model_filter, limit=4)

    assert narrowed == along_the_sort
    assert narrowed, "every filter above matches some models"
    assert model_search.count_models(model_filter) == len(narrowed)


def test_name_like_is_case_sensitive_and_sees_names_as_typed(registry):
    registered_models.create_model("Cafe\u0301 model")  # "e" + combining acute accent

    def names(pattern: str) -> list[str]:
        condition = Condition("name", "LIKE", pattern)
        return all_names(ModelFilter(conditions=(condition,)), limit=10)

    assert names("%Cafe%") == ["Cafe\u0301 model"]
    assert names("%cafe%") == []
    assert names("%ODEL-0%") == []


def test_a_capped_count_stops_past_the_cap(registry):
    assert model_search.count_models(ModelFilter(framework="PyTorch")) == 20
    assert model_search.count_models(ModelFilter(framework="PyTorch"), at_most=5) == 6
    assert model_search.count_models(ModelFilter(framework="PyTorch"), at_most=20) == 20
    assert model_search.count_models(ModelFilter(framework="ONNX"), at_most=5) == 0


@pytest.mark.parametrize("model_filter", FILTERS, ids=range(len(FILTERS)))
def test_a_capped_count_is_the_same_from_a_filter_index_or_along_the_ids(
    registry, model_filter, monkeypatch
):
    matches = model_search.count_models(model_filter)
    # No filter allows "few": a capped count is read from the first filter's own index.
    monkeypatch.setattr(narrowing, "FEW", 0)
    monkeypatch.setattr(narrowing, "FEW_TEXTS", 0)
    for cap in (0, 2, matches - 1, matches, matches + 5):
        if cap >= 0:
            assert model_search.count_models(model_filter, at_most=cap) == min(matches, cap + 1)


def test_a_version_and_its_model_come_in_one_query(registry):
    versions.create_version("Model-01", framework="ONNX")
    statements = []
    engine = db.engine
    record = lambda *args: statements.append(args[2])  # noqa: E731
    db.session.remove()
    event.listen(engine, "before_cursor_execute", record)
    try:
        found = lookup.get_version("model-01", "2")
        by_alias = aliases.get_version_by_alias("MODEL-00", "challenger")
        assert (found.model.name, found.version) == ("Model-01", "2")
        assert (by_alias.model.name, by_alias.version) == ("Model-00", "1")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len([sql for sql in statements if sql.startswith("SELECT")]) == 2


@pytest.mark.parametrize(
    ("find", "message"),
    [
        (lambda: lookup.get_version("nope", "1"), "Model 'nope' not found."),
        (lambda: lookup.get_version("Model-01", "9"), "Model 'Model-01' has no version '9'."),
        (lambda: lookup.get_version("Model-01", "1\x00"), "Model 'Model-01' has no version"),
        (lambda: aliases.get_version_by_alias("nope", "x"), "Model 'nope' not found."),
        (
            lambda: aliases.get_version_by_alias("model-01", "challenger"),
            "Model 'Model-01' has no alias 'challenger'.",
        ),
    ],
)
def test_lookups_say_which_part_is_missing(registry, find, message):
    with pytest.raises(NotFound) as raised:
        find()
    assert raised.value.message.startswith(message)
