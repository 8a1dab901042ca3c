"""Values no row can hold never reach the database: forged cursors, NUL in names."""

import base64
import hashlib
import json

import pytest

from registry.errors import InvalidCursor, NotFound
from registry.services import lookup, model_search, registered_models
from registry.services.model_search import ModelFilter


def forged(values: list) -> str:
    """A cursor for the default model list, made by hand (the fingerprint is no secret)."""
    bound_to = ("models", ModelFilter())
    fingerprint = hashlib.sha256(json.dumps(bound_to, default=str).encode()).hexdigest()[:16]
    raw = json.dumps({"q": fingerprint, "k": values}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "values",
    [
        ["a", 10**30],
        ["a", -(2**63) - 1],
        ["a\x00", 1],
        [5, 1],
        ["a", "1"],
        ["a", True],
        [{"t": "2020-01-01T00:00:00"}, 1],
        ["a", 1.5],
    ],
)
def test_a_forged_cursor_whose_values_do_not_fit_is_invalid(app_context, values):
    registered_models.create_model("a")
    registered_models.create_model("b")
    with pytest.raises(InvalidCursor):
        model_search.list_models(limit=1, cursor=forged(values))


def test_a_forged_cursor_that_fits_pages_on(app_context):
    first = registered_models.create_model("a")
    registered_models.create_model("b")
    page = model_search.list_models(limit=1, cursor=forged([first.name_key, first.id]))
    assert [listing.model.name for listing in page.items] == ["b"]


def test_a_name_or_label_holding_nul_is_simply_not_found(app_context):
    registered_models.create_model("m", first_version={"framework": "JAX"})
    with pytest.raises(NotFound):
        lookup.get_model("m\x00")
    with pytest.raises(NotFound):
        lookup.get_version("m", "1\x00")
    assert lookup.get_version("m", "1").version == "1"
