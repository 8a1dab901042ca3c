"""Values of the wrong shape reach the services as a ValidationFailed, never a crash."""

import pytest

from registry.errors import ValidationFailed
from registry.services import registered_models, versions


@pytest.mark.parametrize("tags", [["team"], "team=nlp", 7])
def test_model_tags_that_are_no_mapping_are_refused(app_context, tags):
    with pytest.raises(ValidationFailed) as refused:
        registered_models.create_model("resnet", tags=tags)
    assert refused.value.fields == [("tags", "Tags must be a mapping of names to values.")]
    registered_models.create_model("resnet")
    with pytest.raises(ValidationFailed) as refused:
        registered_models.update_model("resnet", {"tags": tags})
    assert refused.value.fields == [("tags", "Tags must be a mapping of names to values.")]


def test_version_metrics_and_tags_that_are_no_mapping_are_refused(app_context):
    registered_models.create_model("resnet")
    with pytest.raises(ValidationFailed) as refused:
        versions.create_version("resnet", framework="PyTorch", metrics=[0.9], tags=("a",))
    assert refused.value.fields == [
        ("metrics", "Metrics must be a mapping of names to values."),
        ("tags", "Tags must be a mapping of names to values."),
    ]
