"""Operations through the MLflow door: the requests an ``mlflow`` client sends."""

from .client import CheckFailed, Client, expect_equal, query
from .dataset import World, seeded_name
from .load import Operation

MLFLOW = "/api/2.0/mlflow"
SEARCH_PAGE = 100  # MlflowClient.search_registered_models' default max_results


def create_models(names: list[str]) -> list[Operation]:
    """registered-models/create, as MlflowClient.create_registered_model sends it."""

    def create(name: str) -> Operation:
        def operation(client: Client) -> None:
            body = client.call("POST", f"{MLFLOW}/registered-models/create", {"name": name})
            expect_equal("name", body.json().get("registered_model", {}).get("name"), name)

        return operation

    return [create(name) for name in names]


def create_versions(names: list[str]) -> list[Operation]:
    """model-versions/create, as mlflow.register_model sends it for an s3:// source."""

    def create(name: str) -> Operation:
        payload = {"name": name, "source": f"s3://bench-bucket/{name}/1", "run_id": ""}

        def operation(client: Client) -> None:
            body = client.call("POST", f"{MLFLOW}/model-versions/create", payload).json()
            version = body.get("model_version", {})
            expect_equal("name", version.get("name"), name)
            expect_equal("version", version.get("version"), "1")

        return operation

    return [create(name) for name in names]


def set_aliases(names: list[str]) -> list[Operation]:
    """registered-models/alias (POST): point champion at version 1."""

    def point(name: str) -> Operation:
        payload = {"name": name, "alias": "champion", "version": "1"}

        def operation(client: Client) -> None:
            body = client.call("POST", f"{MLFLOW}/registered-models/alias", payload).json()
            expect_equal("reply", body, {})

        return operation

    return [point(name) for name in names]


def update_mix(names: list[str]) -> list[Operation]:
    """registered-models/update (description) and registered-models/set-tag, alternately."""
    operations = []
    for index, name in enumerate(names):
        if index % 2 == 0:
            operations.append(_describe(name))
        else:
            operations.append(_tag(name))
    return operations


def _describe(name: str) -> Operation:
    payload = {"name": name, "description": f"Updated by the benchmark ({name})."}

    def operation(client: Client) -> None:
        body = client.call("PATCH", f"{MLFLOW}/registered-models/update", payload).json()
        model = body.get("registered_model", {})
        expect_equal("description", model.get("description"), payload["description"])

    return operation


def _tag(name: str) -> Operation:
    payload = {"name": name, "key": "reviewed", "value": "yes"}

    def operation(client: Client) -> None:
        body = client.call("POST", f"{MLFLOW}/registered-models/set-tag", payload).json()
        expect_equal("reply", body, {})

    return operation


def delete_models(names: list[str]) -> list[Operation]:
    """registered-models/delete."""

    def delete(name: str) -> Operation:
        def operation(client: Client) -> None:
            body = client.call("DELETE", f"{MLFLOW}/registered-models/delete", {"name": name})
            expect_equal("reply", body.json(), {})

        return operation

    return [delete(name) for name in names]


def read_mix(indexes: list[int]) -> list[Operation]:
    """registered-models/get, model-versions/get and registered-models/alias (GET), in turn."""
    readers = (_read_model, _read_version, _read_alias)
    return [readers[position % 3](seeded_name(index)) for position, index in enumerate(indexes)]


def _read_model(name: str) -> Operation:
    path = f"{MLFLOW}/registered-models/get" + query(name=name)

    def operation(client: Client) -> None:
        model = client.get_json(path).get("registered_model", {})
        expect_equal("name", model.get("name"), name)
        latest = [version.get("version") for version in model.get("latest_versions", [])]
        expect_equal("latest_versions", latest, ["3"])
        if {"alias": "champion", "version": "3"} not in model.get("aliases", []):
            raise CheckFailed(f"{name}: no champion alias in {model.get('aliases')}")

    return operation


def _read_version(name: str) -> Operation:
    path = f"{MLFLOW}/model-versions/get" + query(name=name, version="2")

    def operation(client: Client) -> None:
        version = client.get_json(path).get("model_version", {})
        expect_equal("name", version.get("name"), name)
        expect_equal("version", version.get("version"), "2")

    return operation


def _read_alias(name: str) -> Operation:
    path = f"{MLFLOW}/registered-models/alias" + query(name=name, alias="champion")

    def operation(client: Client) -> None:
        version = client.get_json(path).get("model_version", {})
        expect_equal("name", version.get("name"), name)
        expect_equal("version", version.get("version"), "3")

    return operation


def searches(world: World, needles: list[str], count: int) -> list[Operation]:
    """registered-models/search with ``name LIKE '%needle%'``, every page to the end."""
    return [_search(world, needles[n % len(needles)]) for n in range(count)]


def _search(world: World, needle: str) -> Operation:
    # LIKE is case-sensitive in MLflow; every benchmark name is lower-case.
    expected = world.matching(("like", needle), lambda facts: needle in facts.name)
    pattern = f"name LIKE '%{needle}%'"

    def operation(client: Client) -> None:
        names: list[str] = []
        token = None
        while True:
            path = f"{MLFLOW}/registered-models/search" + query(
                filter=pattern, max_results=SEARCH_PAGE, page_token=token
            )
            body = client.get_json(path)
            names.extend(model["name"] for model in body.get("registered_models", []))
            token = body.get("next_page_token")
            if not token:
                break
        if names != expected:
            raise CheckFailed(f"search {pattern}: {len(names)} names, expected {len(expected)}")

    return operation
