"""Model versions through the real mlflow client against a live server (SQLite, PostgreSQL)."""

import mlflow_live
import pytest
from mlflow_live import mlflow_error

from registry.services import events, registered_models

live_registry = mlflow_live.live_registry_fixture()
mlflow_client = mlflow_live.mlflow_client_fixture()
unique = mlflow_live.unique


@pytest.fixture
def registry_uris(live_registry, mlflow_client, monkeypatch):
    """Point mlflow's global tracking and registry URIs at the live server for one test."""
    import mlflow
    from mlflow.tracking import _model_registry, _tracking_service

    monkeypatch.setattr(_tracking_service.utils, "_tracking_uri", None)
    monkeypatch.setattr(_model_registry.utils, "_registry_uri", None)
    mlflow.set_tracking_uri(live_registry.url)
    mlflow.set_registry_uri(live_registry.url)
    return mlflow


def test_create_get_update_and_delete_versions(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    first = mlflow_client.create_model_version(
        unique,
        "s3://bucket/fraud/1",
        run_id="run-123",
        run_link="https://ci.example/run/123",
        description="First.",
        tags={"framework": "PyTorch", "data": "2024"},
    )
    assert (first.name, first.version, first.status, first.current_stage) == (
        unique,
        "1",
        "READY",
        "None",
    )
    assert (first.source, first.run_id, first.run_link) == (
        "s3://bucket/fraud/1",
        "run-123",
        "https://ci.example/run/123",
    )
    assert first.tags == {"framework": "PyTorch", "data": "2024"}
    assert mlflow_client.create_model_version(unique, "gs://bucket/fraud/2").version == "2"

    updated = mlflow_client.update_model_version(unique, "1", description="Better.")
    assert updated.description == "Better."
    got = mlflow_client.get_model_version(unique, "1")
    assert (got.description, got.source, got.tags["data"]) == ("Better.", first.source, "2024")
    assert got.last_updated_timestamp >= got.creation_timestamp

    mlflow_client.delete_model_version(unique, "2")
    with mlflow_error("RESOURCE_DOES_NOT_EXIST", rf"\(name={unique}, version=2\) not found"):
        mlflow_client.get_model_version(unique, "2")
    assert mlflow_client.create_model_version(unique, "s3://bucket/fraud/3").version == "3"


def test_version_errors(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    with mlflow_error("RESOURCE_DOES_NOT_EXIST", f"Registered Model with name={unique}-x"):
        mlflow_client.create_model_version(unique + "-x", "s3://bucket/x")
    with mlflow_error("INVALID_PARAMETER_VALUE", "Source scheme 'file' is not allowed"):
        mlflow_client.create_model_version(unique, "file:///etc/passwd")
    with mlflow_error("INVALID_PARAMETER_VALUE", "'..' segments"):
        mlflow_client.create_model_version(unique, "s3://bucket/../secrets")
    with mlflow_error("INVALID_PARAMETER_VALUE", "Framework must be one of"):
        mlflow_client.create_model_version(unique, "s3://b/1", tags={"framework": "Fortran"})
    with mlflow_error("INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer"):
        mlflow_client.get_model_version(unique, "abc")


def test_a_version_takes_its_framework_from_its_tag(mlflow_client, unique, live_registry):
    mlflow_client.create_registered_model(unique)
    mlflow_client.create_model_version(unique, "s3://b/1", tags={"framework": "TensorFlow"})
    mlflow_client.create_model_version(unique, "s3://b/2")
    with live_registry.app.app_context():
        found = registered_models.get_model(unique)
        assert [version.framework for version in found.versions] == ["TensorFlow", "Other"]
        actor = f"mlflow-admin (token {live_registry.token[:8]}…)"
        assert {event.actor for event in events.list_events(found).items} == {actor}


def test_version_tags_are_set_and_deleted(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    mlflow_client.create_model_version(unique, "s3://b/1")
    mlflow_client.set_model_version_tag(unique, "1", "validated", "yes")
    mlflow_client.set_model_version_tag(unique, "1", "owner", "ana")
    mlflow_client.delete_model_version_tag(unique, "1", "validated")
    mlflow_client.delete_model_version_tag(unique, "1", "never-set")
    assert mlflow_client.get_model_version(unique, "1").tags == {"owner": "ana"}
    with mlflow_error("RESOURCE_DOES_NOT_EXIST"):
        mlflow_client.set_model_version_tag(unique, "9", "owner", "ana")


def test_stage_transitions_archive_the_others_on_request(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    for number in range(1, 4):
        mlflow_client.create_model_version(unique, f"s3://b/{number}")
    with pytest.warns(FutureWarning):
        mlflow_client.transition_model_version_stage(unique, "1", "Production")
        mlflow_client.transition_model_version_stage(unique, "2", "Production")
        moved = mlflow_client.transition_model_version_stage(
            unique, "3", "production", archive_existing_versions=True
        )
        with mlflow_error("INVALID_PARAMETER_VALUE", "Stage must be one of"):
            mlflow_client.transition_model_version_stage(unique, "1", "Prod")
    assert moved.current_stage == "Production"
    stages = {
        v.version: v.current_stage
        for v in mlflow_client.search_model_versions(f"name = '{unique}'")
    }
    assert stages == {"1": "Archived", "2": "Archived", "3": "Production"}


def test_search_versions_with_filters_order_and_pages(mlflow_client, unique):
    for suffix in ("a", "b"):
        mlflow_client.create_registered_model(f"{unique}-{suffix}")
        for number in range(1, 4):
            mlflow_client.create_model_version(
                f"{unique}-{suffix}",
                f"s3://bucket/{suffix}/{number}",
                run_id=f"run-{suffix}{number}",
                tags={"parity": "odd" if number % 2 else "even"},
            )

    def found(filter_string, **kwargs):
        page = mlflow_client.search_model_versions(filter_string, **kwargs)
        return [(v.name[-1], v.version) for v in page]

    assert found(f"name = '{unique}-a'", order_by=["version_number ASC"]) == [
        ("a", "1"),
        ("a", "2"),
        ("a", "3"),
    ]
    # The default order is last updated first.
    assert found(f"name LIKE '{unique}%' AND version_number >= 3") == [("b", "3"), ("a", "3")]
    assert found(f"name LIKE '{unique}%' AND tags.parity = 'even'") == [("b", "2"), ("a", "2")]
    assert found(
        f"name LIKE '{unique}%' AND run_id IN ('run-a1', 'run-b2')", order_by=["name DESC"]
    ) == [
        ("b", "2"),
        ("a", "1"),
    ]
    assert found(f"source_path LIKE 's3://bucket/b/%' AND name LIKE '{unique}%'")[0][0] == "b"

    pages, token = [], None
    while True:
        page = mlflow_client.search_model_versions(
            f"name LIKE '{unique}%'",
            max_results=4,
            order_by=["name ASC", "version_number DESC"],
            page_token=token,
        )
        pages.append([(v.name[-1], v.version) for v in page])
        token = page.token
        if not token:
            break
    assert pages == [[("a", "3"), ("a", "2"), ("a", "1"), ("b", "3")], [("b", "2"), ("b", "1")]]
    with mlflow_error("INVALID_PARAMETER_VALUE", "Invalid attribute key 'creation_timestamp'"):
        found("creation_timestamp > 0")
    with mlflow_error("INVALID_PARAMETER_VALUE", "Invalid clause\\(s\\) in filter string: OR"):
        found("run_id = 'a' OR run_id = 'b'")


def test_download_uri_and_model_uris_resolve_without_downloading(
    mlflow_client, unique, registry_uris
):
    from mlflow.store.artifact.models_artifact_repo import ModelsArtifactRepository

    mlflow_client.create_registered_model(unique)
    for number in range(1, 4):
        mlflow_client.create_model_version(unique, f"s3://bucket/{unique}/{number}")
    mlflow_client.set_registered_model_alias(unique, "champion", "2")
    with pytest.warns(FutureWarning):
        mlflow_client.transition_model_version_stage(unique, "1", "Production")

    assert mlflow_client.get_model_version_download_uri(unique, "3") == f"s3://bucket/{unique}/3"
    resolve = ModelsArtifactRepository.get_underlying_uri
    assert resolve(f"models:/{unique}@champion") == f"s3://bucket/{unique}/2"
    assert resolve(f"models:/{unique}/latest") == f"s3://bucket/{unique}/3"
    assert resolve(f"models:/{unique}/Production") == f"s3://bucket/{unique}/1"
    assert resolve(f"models:/{unique}/1") == f"s3://bucket/{unique}/1"


def test_register_model_and_copy_model_version(mlflow_client, unique, registry_uris):
    registered = registry_uris.register_model("s3://bucket/models/fraud", unique)
    assert (registered.name, registered.version, registered.status) == (unique, "1", "READY")
    again = registry_uris.register_model("s3://bucket/models/fraud-2", unique)
    assert again.version == "2"

    copied = mlflow_client.copy_model_version(f"models:/{unique}/2", unique + "-prod")
    assert (copied.name, copied.version) == (unique + "-prod", "1")
    assert copied.source == "s3://bucket/models/fraud-2"
    assert mlflow_client.get_model_version_download_uri(unique + "-prod", "1") == copied.source
    with mlflow_error("INVALID_PARAMETER_VALUE", "Unable to fetch model"):
        mlflow_client.create_model_version(unique + "-prod", f"models:/{unique}/9")
