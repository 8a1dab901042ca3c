"""Search conditions with values beyond what a row can hold never reach the database unchecked."""

import pytest

from registry.errors import ValidationFailed
from registry.services import model_search, registered_models, version_search, versions
from registry.services.model_search import ModelFilter
from registry.services.search import Condition
from registry.services.version_search import VersionFilter


@pytest.mark.parametrize(
    ("op", "number", "expected"),
    [
        ("<", 2**63, ["2", "1"]),
        ("<", 10**40, ["2", "1"]),
        (">", 10**40, []),
        ("=", 2**31, []),
        ("!=", 2**31, ["2", "1"]),
        (">", -(10**40), ["2", "1"]),
        ("<=", -(10**40), []),
        ("<=", 1, ["1"]),
    ],
)
def test_version_numbers_of_any_size_compare_without_reaching_the_database_limits(
    app_context, op, number, expected
):
    registered_models.create_model("m", first_version={"framework": "JAX"})
    versions.create_version("m", framework="JAX")
    order = (("version", True),)
    conditions = (Condition("version_number", op, number),)
    page = version_search.search_versions(VersionFilter(conditions, order), limit=10)
    assert [found.version for found in page.items] == expected


@pytest.mark.parametrize("key", ["a\x00b", "k" * 251])
def test_a_tag_key_no_tag_can_hold_is_a_bad_filter(app_context, key):
    registered_models.create_model("m", tags={"k": "v"}, first_version={"framework": "JAX"})
    condition = Condition("tag:" + key, "=", "v")
    with pytest.raises(ValidationFailed):
        version_search.search_versions(VersionFilter(conditions=(condition,)), limit=10)
    with pytest.raises(ValidationFailed):
        model_search.list_models(ModelFilter(conditions=(condition,)), limit=10)
