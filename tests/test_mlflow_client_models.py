"""Registered models through the real mlflow client against a live server (SQLite, PostgreSQL)."""

import mlflow_live
import pytest
from mlflow_live import mlflow_error

from registry.services import model_search, registered_models, versions

live_registry = mlflow_live.live_registry_fixture()
mlflow_client = mlflow_live.mlflow_client_fixture()
unique = mlflow_live.unique

# Millisecond timestamps of this century are 13 digits; seconds would be 10.
MS_2020 = 1_577_836_800_000


def add_versions(client, name, count):
    for number in range(1, count + 1):
        client.create_model_version(name, f"s3://bucket/{name}/{number}")


def test_create_get_update_rename_and_delete_a_model(mlflow_client, unique):
    created = mlflow_client.create_registered_model(
        unique, tags={"team": "risk"}, description="A model card."
    )
    assert (created.name, created.description, created.tags) == (
        unique,
        "A model card.",
        {"team": "risk"},
    )
    assert created.creation_timestamp > MS_2020
    got = mlflow_client.get_registered_model(unique)
    assert (got.name, got.tags, got.latest_versions) == (unique, {"team": "risk"}, [])
    assert got.last_updated_timestamp >= got.creation_timestamp

    updated = mlflow_client.update_registered_model(unique, description="Second card.")
    assert updated.description == "Second card."
    assert not mlflow_client.update_registered_model(unique).description  # MLflow's quirk

    mlflow_client.rename_registered_model(unique, unique + "-v2")  # the client returns None
    assert mlflow_client.get_registered_model(unique + "-v2").description == ""
    with mlflow_error("RESOURCE_DOES_NOT_EXIST", f"Registered Model with name={unique} not found"):
        mlflow_client.get_registered_model(unique)

    mlflow_client.delete_registered_model(unique + "-v2")
    with mlflow_error("RESOURCE_DOES_NOT_EXIST"):
        mlflow_client.get_registered_model(unique + "-v2")


def test_taken_names_are_resource_already_exists(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    mlflow_client.create_registered_model(unique + "-other")
    with mlflow_error("RESOURCE_ALREADY_EXISTS", rf"\(name={unique}\) already exists"):
        mlflow_client.create_registered_model(unique)
    with mlflow_error("RESOURCE_ALREADY_EXISTS"):
        mlflow_client.create_registered_model(unique.upper())
    with mlflow_error("RESOURCE_ALREADY_EXISTS"):
        mlflow_client.rename_registered_model(unique + "-other", unique)


def test_a_bad_name_is_invalid_parameter_value(mlflow_client):
    with mlflow_error("INVALID_PARAMETER_VALUE", "must not contain '/' or ':'"):
        mlflow_client.create_registered_model("team/model")


def test_model_tags_are_set_replaced_and_deleted(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    mlflow_client.set_registered_model_tag(unique, "team", "risk")
    mlflow_client.set_registered_model_tag(unique, "team", "fraud")
    mlflow_client.set_registered_model_tag(unique, "env", "prod")
    assert mlflow_client.get_registered_model(unique).tags == {"team": "fraud", "env": "prod"}
    mlflow_client.delete_registered_model_tag(unique, "team")
    mlflow_client.delete_registered_model_tag(unique, "never-set")  # MLflow answers 200 too
    assert mlflow_client.get_registered_model(unique).tags == {"env": "prod"}
    with mlflow_error("RESOURCE_DOES_NOT_EXIST"):
        mlflow_client.set_registered_model_tag(unique + "-ghost", "team", "x")


def test_aliases_are_set_moved_read_and_deleted(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    add_versions(mlflow_client, unique, 3)
    mlflow_client.set_registered_model_alias(unique, "champion", "1")
    found = mlflow_client.get_model_version_by_alias(unique, "champion")
    assert (found.version, found.aliases) == ("1", ["champion"])

    mlflow_client.set_registered_model_alias(unique, "champion", "2")
    assert mlflow_client.get_registered_model(unique).aliases == {"champion": "2"}
    assert mlflow_client.get_model_version(unique, "2").aliases == ["champion"]
    assert mlflow_client.get_model_version_by_alias(unique, "latest").version == "3"

    mlflow_client.delete_registered_model_alias(unique, "champion")
    mlflow_client.delete_registered_model_alias(unique, "champion")  # absent: still 200
    with mlflow_error("INVALID_PARAMETER_VALUE", "Registered model alias champion not found."):
        mlflow_client.get_model_version_by_alias(unique, "champion")


def test_invalid_aliases_and_versions_are_refused(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    add_versions(mlflow_client, unique, 1)
    with mlflow_error("INVALID_PARAMETER_VALUE", "'latest' alias name .* is reserved"):
        mlflow_client.set_registered_model_alias(unique, "Latest", "1")
    with mlflow_error("INVALID_PARAMETER_VALUE", "Version alias name 'v1' is reserved"):
        mlflow_client.set_registered_model_alias(unique, "v1", "1")
    with mlflow_error("RESOURCE_DOES_NOT_EXIST", r"version=7\) not found"):
        mlflow_client.set_registered_model_alias(unique, "champion", "7")


def test_latest_versions_are_the_highest_of_each_stage(mlflow_client, unique):
    mlflow_client.create_registered_model(unique)
    add_versions(mlflow_client, unique, 4)
    with pytest.warns(FutureWarning):
        mlflow_client.transition_model_version_stage(unique, "1", "Production")
        mlflow_client.transition_model_version_stage(unique, "2", "staging")
        latest = mlflow_client.get_latest_versions(unique)
        production = mlflow_client.get_latest_versions(unique, stages=["production"])
    assert sorted((v.current_stage, v.version) for v in latest) == [
        ("None", "4"),
        ("Production", "1"),
        ("Staging", "2"),
    ]
    assert [(v.current_stage, v.version) for v in production] == [("Production", "1")]
    model = mlflow_client.get_registered_model(unique)
    assert sorted(v.version for v in model.latest_versions) == ["1", "2", "4"]


def test_search_models_with_filters(mlflow_client, unique, live_registry):
    mlflow_client.create_registered_model(unique + "-a")
    mlflow_client.create_registered_model(unique + "-b", tags={"team": "risk"})
    mlflow_client.create_registered_model(unique + "-c", tags={"team": "ops"})
    with live_registry.app.app_context():  # MLflow's client cannot make a prompt-tagged model
        registered_models.create_model(unique + "-p", tags={"mlflow.prompt.is_prompt": "true"})

    def names(filter_string):
        found = mlflow_client.search_registered_models(filter_string)
        return sorted(model.name for model in found)

    assert names(f"name LIKE '{unique}%'") == [unique + "-a", unique + "-b", unique + "-c"]
    assert names(f"name ILIKE '{unique.upper()}-A'") == [unique + "-a"]
    assert names(f"attribute.name = '{unique}-b'") == [unique + "-b"]
    assert names(f"name IN ('{unique}-a', '{unique}-c')") == [unique + "-a", unique + "-c"]
    assert names(f"name LIKE '{unique}%' AND name != '{unique}-a'") == [
        unique + "-b",
        unique + "-c",
    ]
    assert names(f"name LIKE '{unique}%' AND tags.team = 'risk'") == [unique + "-b"]
    assert names(f"name LIKE '{unique}%' AND tags.`team` LIKE '%o%'") == [unique + "-c"]
    with mlflow_error("INVALID_PARAMETER_VALUE", "Invalid clause\\(s\\) in filter string: OR"):
        names(f"name = '{unique}-a' OR name = '{unique}-b'")
    with mlflow_error("INVALID_PARAMETER_VALUE", "Invalid attribute key 'description'"):
        names("description = 'x'")


def test_search_models_orders_and_pages(mlflow_client, unique):
    names = [f"{unique}-{index}" for index in range(7)]
    for name in names:
        mlflow_client.create_registered_model(name)
    mlflow_client.set_registered_model_tag(names[3], "touched", "yes")

    pages, token = [], None
    while True:
        page = mlflow_client.search_registered_models(
            f"name LIKE '{unique}%'", max_results=3, order_by=["name DESC"], page_token=token
        )
        pages.append([model.name for model in page])
        token = page.token
        if not token:
            break
    assert [len(page) for page in pages] == [3, 3, 1]
    assert sum(pages, []) == sorted(names, reverse=True)

    newest_first = mlflow_client.search_registered_models(
        f"name LIKE '{unique}%'", order_by=["last_updated_timestamp DESC", "name ASC"]
    )
    assert newest_first[0].name == names[3]
    with mlflow_error("INVALID_PARAMETER_VALUE", "Invalid order by key 'creation_timestamp'"):
        mlflow_client.search_registered_models(order_by=["creation_timestamp"])
    with mlflow_error("INVALID_PARAMETER_VALUE", "duplicate fields"):
        mlflow_client.search_registered_models(order_by=["timestamp", "last_updated_timestamp"])
    with mlflow_error("INVALID_PARAMETER_VALUE", "at most 1000"):
        mlflow_client.search_registered_models(max_results=1001)


def test_what_mlflow_registers_the_services_see_and_the_other_way_round(
    mlflow_client, unique, live_registry
):
    mlflow_client.create_registered_model(unique + "-mlflow", description="From mlflow.")
    mlflow_client.create_model_version(
        unique + "-mlflow", "s3://bucket/a", tags={"framework": "JAX"}
    )
    with live_registry.app.app_context():
        page = model_search.list_models(model_search.ModelFilter(q=unique))
        listed = {listing.model.name: listing for listing in page.items}
        assert listed[unique + "-mlflow"].model.description == "From mlflow."
        assert listed[unique + "-mlflow"].latest.framework == "JAX"
        registered_models.create_model(unique + "-web", description="From the web.")
        versions.create_version(unique + "-web", version="1.0.0", framework="PyTorch")

    made_elsewhere = mlflow_client.get_registered_model(unique + "-web")
    assert made_elsewhere.description == "From the web."
    assert [v.version for v in made_elsewhere.latest_versions] == ["1.0.0"]
    assert mlflow_client.get_model_version(unique + "-web", "1.0.0").source == ""
