"""Versions and aliases at the service layer."""

import pytest

from registry.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from registry.services import (
    aliases,
    compare,
    registered_models,
    version_search,
    version_tags,
    versions,
    views,
)
from registry.services.search import Condition
from registry.services.version_search import VersionFilter


@pytest.fixture
def model(app_context):
    return registered_models.create_model("resnet")


def labels(model_name="resnet"):
    return [version.version for version in views.versions_of(model_name).items]


def test_numbers_count_up_and_are_never_reused_after_a_delete(model):
    for _ in range(3):
        versions.create_version("resnet", framework="PyTorch")
    versions.delete_version("resnet", "3")
    assert versions.create_version("resnet", framework="PyTorch").version == "4"
    versions.create_version("resnet", version="10", framework="PyTorch")
    versions.delete_version("resnet", "10")
    assert versions.create_version("resnet", framework="PyTorch").version == "11"


def test_given_labels_sort_as_versions_and_duplicates_conflict(model):
    for label in ["1.9.0", "1.10.0", "1.0.0"]:
        versions.create_version("resnet", version=label, framework="PyTorch")
    assert labels() == ["1.10.0", "1.9.0", "1.0.0"]
    with pytest.raises(Conflict, match="already has version '1.9.0'"):
        versions.create_version("resnet", version="1.9.0", framework="PyTorch")
    assert versions.create_version("resnet", framework="PyTorch").version == "1"


def test_a_version_needs_a_framework_and_an_existing_model(model):
    with pytest.raises(ValidationFailed, match="Framework is required"):
        versions.create_version("resnet")
    with pytest.raises(NotFound):
        versions.create_version("ghost", framework="PyTorch")


def test_update_replaces_metrics_and_tags_and_checks_the_row_version(model):
    created = versions.create_version(
        "resnet", framework="PyTorch", metrics={"acc": 0.9, "loss": 0.3}, tags={"a": "1"}
    )
    stale = created.row_version
    updated = versions.update_version(
        "resnet", "1", {"metrics": {"acc": 0.95}, "tags": {"a": "2", "b": "3"}, "stage": "staging"}
    )
    assert {metric.key: metric.value for metric in updated.metrics} == {"acc": 0.95}
    assert {tag.key: tag.value for tag in updated.tags} == {"a": "2", "b": "3"}
    assert updated.stage == "Staging"
    with pytest.raises(PreconditionFailed):
        versions.update_version("resnet", "1", {"description": "x"}, expected_row_version=stale)
    with pytest.raises(ValidationFailed, match="cannot be changed"):
        versions.update_version("resnet", "1", {"version": "9"})
    with pytest.raises(ValidationFailed, match="finite"):
        versions.update_version("resnet", "1", {"metrics": {"acc": float("nan")}})


def test_transition_can_archive_the_others_in_that_stage(model):
    for _ in range(3):
        versions.create_version("resnet", framework="PyTorch")
    versions.transition_stage("resnet", "1", "Production")
    versions.transition_stage("resnet", "2", "production", archive_existing_versions=True)
    stages = {version.version: version.stage for version in views.versions_of("resnet").items}
    assert stages == {"1": "Archived", "2": "Production", "3": "None"}
    with pytest.raises(ValidationFailed, match="Stage must be one of"):
        versions.transition_stage("resnet", "3", "Prod")


def test_aliases_point_move_and_vanish_with_their_version(model):
    versions.create_version("resnet", framework="PyTorch")
    versions.create_version("resnet", framework="PyTorch")
    aliases.set_alias("resnet", "champion", "1")
    aliases.set_alias("resnet", "champion", "2")
    assert aliases.get_version_by_alias("resnet", "champion").version == "2"
    versions.delete_version("resnet", "2")
    with pytest.raises(NotFound):
        aliases.get_version_by_alias("resnet", "champion")
    with pytest.raises(NotFound):
        aliases.delete_alias("resnet", "champion")


def test_an_alias_cannot_point_at_another_models_version(model):
    registered_models.create_model("other", first_version={"framework": "JAX", "version": "7"})
    with pytest.raises(NotFound, match="no version '7'"):
        aliases.set_alias("resnet", "champion", "7")
    with pytest.raises(ValidationFailed, match="reserved"):
        aliases.set_alias("other", "latest", "7")


def test_tags_on_versions(model):
    versions.create_version("resnet", framework="PyTorch")
    version_tags.set_version_tag("resnet", "1", "owner", "ana")
    version_tags.set_version_tag("resnet", "1", "owner", "bo")
    assert [
        (tag.key, tag.value)
        for tag in versions.get_version_by_uuid(views.versions_of("resnet").items[0].uuid).tags
    ] == [("owner", "bo")]
    version_tags.delete_version_tag("resnet", "1", "owner")
    with pytest.raises(NotFound):
        version_tags.delete_version_tag("resnet", "1", "owner")


def test_deleting_the_last_version_by_uuid_removes_the_model(model):
    first = versions.create_version("resnet", framework="PyTorch")
    second = versions.create_version("resnet", framework="PyTorch")
    versions.delete_version_by_uuid(first.uuid)
    assert labels() == ["2"]
    versions.delete_version_by_uuid(second.uuid)
    with pytest.raises(NotFound):
        registered_models.get_model("resnet")
    with pytest.raises(NotFound):
        versions.delete_version_by_uuid(second.uuid)


def test_compare_marks_the_differences(model):
    versions.create_version("resnet", framework="PyTorch", metrics={"acc": 0.9}, tags={"t": "x"})
    versions.create_version("resnet", framework="PyTorch", metrics={"acc": 0.95}, tags={"t": "x"})
    result = compare.compare_versions("resnet", ["1", "2"])
    rows = {row.field: row for row in result.rows}
    assert rows["framework"].differs is False
    assert rows["metric:acc"].values == [0.9, 0.95] and rows["metric:acc"].differs
    assert rows["tag:t"].differs is False
    with pytest.raises(ValidationFailed):
        compare.compare_versions("resnet", ["1", "1"])
    with pytest.raises(NotFound):
        compare.compare_versions("resnet", ["1", "9"])


def test_search_versions_by_conditions_and_pages(app_context):
    for name in ["alpha", "beta"]:
        registered_models.create_model(name)
        for index in range(3):
            versions.create_version(name, framework="PyTorch", run_id=f"run{index}")
    found = version_search.search_versions(
        VersionFilter(
            conditions=(Condition("name", "=", "beta"), Condition("version_number", ">=", 2))
        )
    )
    assert [(v.model.name, v.version) for v in found.items] == [("beta", "3"), ("beta", "2")]
    order = (("name", False), ("version", True))
    seen, cursor = [], None
    while True:
        page = version_search.search_versions(VersionFilter(order=order), limit=4, cursor=cursor)
        seen += [(v.model.name, v.version) for v in page.items]
        if not (cursor := page.next_cursor):
            break
    assert seen == [
        ("alpha", "3"),
        ("alpha", "2"),
        ("alpha", "1"),
        ("beta", "3"),
        ("beta", "2"),
        ("beta", "1"),
    ]
    like = version_search.search_versions(
        VersionFilter(conditions=(Condition("name", "LIKE", "A%"),))
    )
    assert like.items == []
    ilike = version_search.search_versions(
        VersionFilter(conditions=(Condition("name", "ILIKE", "A%"),))
    )
    assert len(ilike.items) == 3


@pytest.mark.parametrize(
    "order", [(("name", False), ("version", True)), (("updated", True),), (("created", False),)]
)
def test_version_ids_page_as_the_versions_do_and_share_their_cursors(app_context, order):
    for name in ["alpha", "beta", "gamma"]:
        registered_models.create_model(name)
        for _ in range(3):
            versions.create_version(name, framework="PyTorch")
    version_filter = VersionFilter(conditions=(Condition("name", "!=", "beta"),), order=order)
    pages, ids, cursor = [], [], None
    while True:
        page = version_search.search_versions(version_filter, limit=4, cursor=cursor)
        by_id = version_search.search_version_ids(version_filter, limit=4, cursor=cursor)
        assert by_id.items == [found.id for found in page.items]
        assert by_id.next_cursor == page.next_cursor
        pages.append(len(page.items))
        ids += by_id.items
        if not (cursor := by_id.next_cursor):
            break
    assert pages == [4, 2] and len(set(ids)) == 6
