"""create_model judges the model and its first version together: one answer, every problem."""

import pytest

from registry.errors import NotFound, ValidationFailed
from registry.services.registered_models import create_model, get_model


def test_model_and_first_version_problems_are_reported_together(app_context):
    with pytest.raises(ValidationFailed) as caught:
        create_model("a/b", first_version={"framework": "", "source": "ftp://x/y"})
    fields = caught.value.as_dict()
    assert fields["name"] == ["Name must not contain '/' or ':'."]
    assert fields["framework"] == ["Framework is required."]
    assert fields["source"][0].startswith("Source scheme 'ftp' is not allowed")
    with pytest.raises(NotFound):
        get_model("a/b")


def test_a_first_version_without_framework_is_refused_before_anything_is_written(app_context):
    with pytest.raises(ValidationFailed) as caught:
        create_model("fine-name", first_version={"version": "1"})
    assert caught.value.fields == [("framework", "Framework is required.")]
    with pytest.raises(NotFound):
        get_model("fine-name")
