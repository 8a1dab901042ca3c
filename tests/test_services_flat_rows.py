"""Every version as a flat row, batch by batch, in the order the versions were added."""

from registry.services import registered_models, versions
from registry.services.flat_rows import flat_row, flat_row_batches


def labels(batches) -> list[list[tuple[str, str]]]:
    return [[(row.name, row.version) for row in batch] for batch in batches]


def test_batches_follow_the_order_versions_were_added_across_models(app_context):
    registered_models.create_model("b", description="card b", first_version={"framework": "JAX"})
    registered_models.create_model("a", first_version={"framework": "JAX", "description": "v"})
    versions.create_version("b", framework="ONNX")
    versions.create_version("a", framework="ONNX")
    versions.create_version("b", framework="ONNX")
    assert labels(flat_row_batches(batch=2)) == [
        [("b", "1"), ("a", "1")],
        [("b", "2"), ("a", "2")],
        [("b", "3")],
    ]
    first = next(flat_row_batches())[0]
    assert (first.description, first.model_description, first.framework) == ("", "card b", "JAX")


def test_a_full_last_batch_is_not_followed_by_an_empty_one(app_context):
    registered_models.create_model("m", first_version={"framework": "JAX"})
    versions.create_version("m", framework="JAX")
    assert labels(flat_row_batches(batch=2)) == [[("m", "1"), ("m", "2")]]


def test_no_versions_no_batches(app_context):
    assert list(flat_row_batches()) == []


def test_deleted_versions_are_gone_and_a_new_one_comes_last(app_context):
    registered_models.create_model("m", first_version={"framework": "JAX"})
    for _ in range(3):
        versions.create_version("m", framework="JAX")
    versions.delete_version("m", "4")
    versions.delete_version("m", "2")
    added = versions.create_version("m", framework="JAX")
    rows = [row for batch in flat_row_batches(batch=2) for row in batch]
    assert [row.version for row in rows] == ["1", "3", added.version]
    assert rows[-1] == flat_row(added)
