"""update_model replaces a model's tags with the rest of an edit, in one checked transaction."""

import pytest

from registry.errors import PreconditionFailed, ValidationFailed
from registry.services import registered_models
from registry.services.events import list_events


def tags_of(name: str) -> dict[str, str]:
    return {tag.key: tag.value for tag in registered_models.get_model(name).tags}


def test_tags_are_replaced_as_a_whole_set(app_context):
    registered_models.create_model("m", tags={"team": "nlp", "old": "x"})
    registered_models.update_model("m", {"tags": {"team": "vision", "task": "detect"}})
    assert tags_of("m") == {"team": "vision", "task": "detect"}
    registered_models.update_model("m", {"tags": {}})
    assert tags_of("m") == {}


def test_the_history_shows_the_tags_before_and_after(app_context):
    registered_models.create_model("m", tags={"team": "nlp"})
    registered_models.update_model("m", {"description": "card", "tags": {"team": "cv"}})
    event = list_events(registered_models.get_model("m")).items[0]
    assert event.action == "model.updated"
    assert (event.before["tags"], event.after["tags"]) == ({"team": "nlp"}, {"team": "cv"})
    registered_models.update_model("m", {"description": "card only"})
    assert "tags" not in list_events(registered_models.get_model("m")).items[0].after


def test_bad_tags_are_refused_with_the_other_fields_and_nothing_changes(app_context):
    registered_models.create_model("m", tags={"team": "nlp"})
    with pytest.raises(ValidationFailed) as refused:
        registered_models.update_model("m", {"name": "a/b", "tags": {"": "v", "k": "\x00"}})
    fields = [field for field, _ in refused.value.fields]
    assert fields.count("tags") == 2 and "name" in fields
    assert tags_of("m") == {"team": "nlp"}


def test_a_stale_edit_leaves_the_tags_alone(app_context):
    model = registered_models.create_model("m", tags={"team": "nlp"})
    stale = model.row_version
    registered_models.update_model("m", {"description": "someone else"})
    with pytest.raises(PreconditionFailed):
        registered_models.update_model("m", {"tags": {}}, expected_row_version=stale)
    assert tags_of("m") == {"team": "nlp"}
