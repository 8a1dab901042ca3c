"""The data rules, checked once here at the service layer (every door reuses them)."""

import math

import pytest

from registry.errors import Conflict, ValidationFailed
from registry.services import model_search, registered_models, rules, versions, views
from registry.services.search import Condition


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Name is required."),
        ("x" * 257, "Name must be at most 256 characters."),
        ("bad\x00name", "Name must not contain control characters."),
        ("tab\tname", "Name must not contain control characters."),
        (" padded", "Name must not start or end with a space."),
        ("padded ", "Name must not start or end with a space."),
        ("team/model", "Name must not contain '/' or ':'."),
        ("models:thing", "Name must not contain '/' or ':'."),
        ("..", "Name must not be '.' or '..'."),
    ],
)
def test_bad_model_names_are_refused_with_a_clear_message(app_context, name, message):
    with pytest.raises(ValidationFailed) as failure:
        registered_models.create_model(name)
    assert failure.value.fields == [("name", message)]
    assert model_search.count_models() == 0


@pytest.mark.parametrize("name", ["Stable Diffusion", "naïve-bayes", "x" * 256, "a?b#c%d", "模型"])
def test_names_with_spaces_unicode_and_url_characters_are_fine(app_context, name):
    assert registered_models.create_model(name).name == name


def test_names_are_unique_regardless_of_case_and_unicode_form(app_context):
    registered_models.create_model("BERT")
    with pytest.raises(Conflict, match="already exists"):
        registered_models.create_model("bert")
    registered_models.create_model("Cafe\u0301")
    with pytest.raises(Conflict):
        registered_models.create_model("CAFÉ")
    assert registered_models.get_model("café").name == "Cafe\u0301"


@pytest.mark.parametrize("version", ["", "1 0", "1/0", "v" * 65, "é1"])
def test_bad_version_labels_are_refused(app_context, version):
    registered_models.create_model("m")
    with pytest.raises(ValidationFailed) as failure:
        versions.create_version("m", version=version, framework="PyTorch")
    assert failure.value.fields[0][0] == "version"


def test_every_failing_field_is_reported_at_once(app_context):
    registered_models.create_model("m")
    with pytest.raises(ValidationFailed) as failure:
        versions.create_version(
            "m",
            version="bad version",
            framework="Caffe",
            source="ftp://host/x",
            metrics={"acc": math.nan, "loss": math.inf, "f1": "high"},
            tags={"": "x"},
        )
    fields = [field for field, _ in failure.value.fields]
    assert fields == ["version", "framework", "source", "metrics", "metrics", "metrics", "tags"]
    assert views.versions_of("m").items == []


def test_unknown_frameworks_are_refused_and_the_list_is_configurable(app, app_context):
    registered_models.create_model("m")
    with pytest.raises(ValidationFailed, match="Framework must be one of"):
        versions.create_version("m", framework="Caffe")
    app.config["REGISTRY_FRAMEWORKS"] = ["Caffe"]
    assert versions.create_version("m", framework="Caffe").framework == "Caffe"


@pytest.mark.parametrize(
    "source",
    [
        "file:///etc/passwd",
        "/etc/passwd",
        "s3://bucket/../secret",
        "s3://bucket/%2e%2e/secret",
        "https://user:pw@host/model",
        "s3://bucket/a\\b",
        "s3://bucket/a%00b",
        "gopher://host/x",
        "s3://bucket/" + "x" * 1100,
    ],
)
def test_disallowed_source_uris_are_refused(app_context, source):
    assert rules.source_problem(source) is not None


@pytest.mark.parametrize(
    "source",
    ["s3://bucket/model/1", "gs://b/m", "hf://org/model", "models:/m/1", "https://h/m", ""],
)
def test_allowed_source_uris_are_accepted(app_context, source):
    assert rules.source_problem(source) is None


def test_file_uris_only_when_configured(app, app_context):
    app.config["REGISTRY_ALLOW_FILE_URIS"] = True
    assert rules.source_problem("file:///srv/models/1") is None


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("latest", "'latest' alias name (case insensitive) is reserved."),
        ("LATEST", "'latest' alias name (case insensitive) is reserved."),
        ("v1", "Version alias name 'v1' is reserved."),
        ("V12", "Version alias name 'V12' is reserved."),
        ("has space", "Alias must be 1-255 characters of letters, digits, '_' or '-'."),
        ("a" * 256, "Alias must be 1-255 characters of letters, digits, '_' or '-'."),
    ],
)
def test_reserved_and_malformed_aliases_are_refused(app_context, alias, message):
    assert rules.alias_problem(alias) == message


def test_tag_and_description_limits(app_context):
    with pytest.raises(ValidationFailed) as failure:
        registered_models.create_model(
            "m", description="d" * 65537, tags={"k" * 251: "v", "ok": "x" * 5001}
        )
    assert [field for field, _ in failure.value.fields] == ["description", "tags", "tags"]


def test_version_sort_key_orders_semantic_versions():
    labels = ["1.10.0", "1.9.0", "2", "1.0.0", "10"]
    assert sorted(labels, key=rules.version_sort_key) == ["1.0.0", "1.9.0", "1.10.0", "2", "10"]


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_text_that_no_database_can_store_is_refused_everywhere(app_context, text):
    with pytest.raises(ValidationFailed, match="NUL characters or invalid Unicode"):
        registered_models.create_model("m", description=text)
    with pytest.raises(ValidationFailed, match="control characters"):
        registered_models.create_model(text)
    with pytest.raises(ValidationFailed):
        model_search.list_models(model_search.ModelFilter(q=text))
    with pytest.raises(ValidationFailed):
        model_search.list_models(model_search.ModelFilter(tags=(("k", text),)))
    condition = Condition("name", "=", text)
    with pytest.raises(ValidationFailed):
        model_search.list_models(model_search.ModelFilter(conditions=(condition,)))


def test_integer_versions_stay_within_what_mlflow_clients_hold(app_context):
    registered_models.create_model("m")
    with pytest.raises(ValidationFailed, match="at most 2000000000"):
        versions.create_version("m", version="99999999999", framework="PyTorch")
    versions.create_version("m", version="2000000000", framework="PyTorch")
    assert versions.get_version("m", "2000000000").number == 2_000_000_000
