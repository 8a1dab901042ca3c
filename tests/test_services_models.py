"""Registered models at the service layer: one transaction per change, history, listing."""

import pytest
from sqlalchemy import func, select

from registry.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from registry.extensions import db
from registry.models import Event, ModelVersion, RegisteredModel
from registry.services import events, model_search, registered_models, versions, views
from registry.services.model_search import ModelFilter
from registry.services.unit import acting_as


def row_counts():
    return {
        table: db.session.scalar(select(func.count()).select_from(table))
        for table in (RegisteredModel, ModelVersion, Event)
    }


def test_a_model_with_its_first_version_is_one_transaction(app_context):
    with pytest.raises(ValidationFailed):
        registered_models.create_model("resnet", first_version={"framework": "NoSuchFramework"})
    assert row_counts() == {RegisteredModel: 0, ModelVersion: 0, Event: 0}
    model = registered_models.create_model(
        "resnet",
        description="card",
        tags={"team": "cv"},
        first_version={"framework": "PyTorch", "metrics": {"acc": 0.91}},
    )
    assert [version.version for version in model.versions] == ["1"]
    assert {tag.key: tag.value for tag in model.tags} == {"team": "cv"}


def test_every_change_writes_an_event_naming_who_did_it(app_context):
    with acting_as("alice"):
        registered_models.create_model("m", first_version={"framework": "JAX"})
        registered_models.update_model("m", {"description": "new card"})
        registered_models.set_model_tag("m", "team", "nlp")
    history = events.list_events(registered_models.get_model("m")).items
    assert [(event.action, event.actor) for event in history] == [
        ("model.tag.set", "alice"),
        ("model.updated", "alice"),
        ("version.created", "alice"),
        ("model.created", "alice"),
    ]
    assert history[1].before == {"name": "m", "description": ""}
    assert history[1].after == {"name": "m", "description": "new card"}


def test_rename_keeps_versions_and_refuses_a_taken_name(app_context):
    registered_models.create_model("old", first_version={"framework": "JAX"})
    registered_models.create_model("other")
    with pytest.raises(Conflict):
        registered_models.update_model("old", {"name": "OTHER"})
    registered_models.update_model("old", {"name": "new"})
    assert views.versions_of("new").items[0].version == "1"
    with pytest.raises(NotFound):
        registered_models.get_model("old")


def test_a_rename_that_only_changes_case_is_allowed(app_context):
    registered_models.create_model("bert")
    assert registered_models.update_model("bert", {"name": "BERT"}).name == "BERT"


def test_a_stale_row_version_is_refused_and_changes_nothing(app_context):
    model = registered_models.create_model("m")
    stale = model.row_version
    registered_models.update_model("m", {"description": "first"}, expected_row_version=stale)
    with pytest.raises(PreconditionFailed):
        registered_models.update_model("m", {"description": "second"}, expected_row_version=stale)
    with pytest.raises(PreconditionFailed):
        registered_models.delete_model("m", expected_row_version=stale)
    assert registered_models.get_model("m").description == "first"


def test_unknown_fields_cannot_be_changed(app_context):
    registered_models.create_model("m")
    with pytest.raises(ValidationFailed) as failure:
        registered_models.update_model("m", {"next_version": 99})
    assert failure.value.fields == [("next_version", "This field cannot be changed.")]


def test_delete_removes_versions_but_keeps_the_history(app_context):
    registered_models.create_model("m", first_version={"framework": "JAX"})
    registered_models.delete_model("M")
    counts = row_counts()
    assert (counts[RegisteredModel], counts[ModelVersion]) == (0, 0)
    actions = db.session.scalars(select(Event.action).order_by(Event.id)).all()
    assert actions == ["model.created", "version.created", "model.deleted"]


def test_deleting_a_missing_tag_or_model_is_not_found(app_context):
    registered_models.create_model("m")
    with pytest.raises(NotFound):
        registered_models.delete_model_tag("m", "nope")
    with pytest.raises(NotFound):
        registered_models.delete_model("ghost")


def test_list_shows_each_model_with_its_latest_version(app_context):
    registered_models.create_model("a", first_version={"framework": "PyTorch"})
    versions.create_version("a", framework="ONNX")
    registered_models.create_model("b")
    listing = model_search.list_models().items
    assert [(row.model.name, row.latest and row.latest.framework) for row in listing] == [
        ("a", "ONNX"),
        ("b", None),
    ]


def test_list_filters_by_text_framework_tag_and_alias(app_context):
    registered_models.create_model(
        "BERT",
        description="Bidirectional encoder",
        tags={"team": "nlp"},
        first_version={"framework": "TensorFlow"},
    )
    registered_models.create_model(
        "ResNet", tags={"team": "cv"}, first_version={"framework": "PyTorch"}
    )
    versions.create_version("ResNet", framework="ONNX")

    def names(**filters):
        return [row.model.name for row in model_search.list_models(ModelFilter(**filters)).items]

    assert names(q="bert") == ["BERT"]
    assert names(q="ENCODER") == ["BERT"]
    assert names(q="100%") == []
    assert names(framework="PyTorch") == ["ResNet"]  # any version's framework counts
    assert names(tags=(("team", "cv"),)) == ["ResNet"]
    assert names(tags=(("team", None),)) == ["BERT", "ResNet"]
    from registry.services import aliases

    aliases.set_alias("BERT", "champion", "1")
    assert names(alias="champion") == ["BERT"]


def test_sorts_and_unknown_sort(app_context):
    for name in ["b", "C", "a"]:
        registered_models.create_model(name)
    registered_models.update_model("b", {"description": "touched"})

    def names(sort):
        return [row.model.name for row in model_search.list_models(ModelFilter(sort=sort)).items]

    assert names("name") == ["a", "b", "C"]
    assert names("-name") == ["C", "b", "a"]
    assert names("created") == ["b", "C", "a"]
    assert names("-updated")[0] == "b"
    with pytest.raises(ValidationFailed):
        names("size")


def test_text_search_follows_renames_edits_and_deletes(app_context):
    registered_models.create_model("Whisper", description="speech recognition")
    registered_models.create_model("Wav2Vec", description="self-supervised speech")

    def names(q):
        return [row.model.name for row in model_search.list_models(ModelFilter(q=q)).items]

    assert names("speech") == ["Wav2Vec", "Whisper"]
    assert names("sp") == ["Wav2Vec", "Whisper"]  # shorter than a trigram: still found
    registered_models.update_model("Whisper", {"name": "Whisper-v3", "description": "audio"})
    assert names("speech") == ["Wav2Vec"]
    assert names("per-v3") == ["Whisper-v3"]
    registered_models.delete_model("Wav2Vec")
    assert names("speech") == []
    assert names('"quoted" OR x') == []
