"""Operations through the JSON API (/api/v1), each checking the object it gets back."""

from collections.abc import Callable

from .client import CheckFailed, Client, expect_equal, query, segment
from .dataset import Facts, World, frameworks_of, seeded_facts, seeded_name
from .load import Operation

API = "/api/v1/models"
NEW_FRAMEWORK = "PyTorch"


def model_path(name: str) -> str:
    """The API URL of a model."""
    return f"{API}/{segment(name)}"


def new_facts(name: str) -> Facts:
    """The facts of a model the benchmark creates (no version yet)."""
    return Facts(name=name, description=f"Created by the benchmark ({name}).", team="bench")


def create_models(names: list[str]) -> list[Operation]:
    """Register each model (POST /models)."""

    def create(name: str) -> Operation:
        facts = new_facts(name)
        payload = {"name": name, "description": facts.description, "tags": {"team": "bench"}}

        def operation(client: Client) -> None:
            body = client.call("POST", API, payload, expect=201).json()
            expect_equal("name", body.get("name"), name)
            expect_equal("tags", body.get("tags"), {"team": "bench"})
            expect_equal("latest_version", body.get("latest_version"), None)

        return operation

    return [create(name) for name in names]


def create_versions(names: list[str]) -> list[Operation]:
    """Add the first version to each model (POST /models/{name}/versions)."""

    def create(name: str) -> Operation:
        payload = {
            "framework": NEW_FRAMEWORK,
            "source": f"s3://bench-bucket/{name}/1",
            "metrics": {"accuracy": 0.9},
        }

        def operation(client: Client) -> None:
            body = client.call("POST", f"{model_path(name)}/versions", payload, expect=201).json()
            expect_equal("model", body.get("model"), name)
            expect_equal("version", body.get("version"), "1")
            expect_equal("framework", body.get("framework"), NEW_FRAMEWORK)

        return operation

    return [create(name) for name in names]


def set_aliases(names: list[str]) -> list[Operation]:
    """Point the alias champion at version 1 (PUT /models/{name}/aliases/champion)."""

    def point(name: str) -> Operation:
        def operation(client: Client) -> None:
            path = f"{model_path(name)}/aliases/champion"
            body = client.call("PUT", path, {"version": "1"}).json()
            expect_equal("version", body.get("version"), "1")
            expect_equal("aliases", body.get("aliases"), ["champion"])

        return operation

    return [point(name) for name in names]


def update_mix(names: list[str]) -> list[Operation]:
    """Change a description (PATCH) and set a tag (PUT), alternately."""
    operations = []
    for index, name in enumerate(names):
        operations.append(_describe(name) if index % 2 == 0 else _tag(name))
    return operations


def _describe(name: str) -> Operation:
    description = f"Updated by the benchmark ({name})."

    def operation(client: Client) -> None:
        body = client.call("PATCH", model_path(name), {"description": description}).json()
        expect_equal("description", body.get("description"), description)

    return operation


def _tag(name: str) -> Operation:
    def operation(client: Client) -> None:
        body = client.call("PUT", f"{model_path(name)}/tags/reviewed", {"value": "yes"}).json()
        expect_equal("tag reviewed", body.get("tags", {}).get("reviewed"), "yes")

    return operation


def delete_models(names: list[str]) -> list[Operation]:
    """Delete each model (DELETE /models/{name})."""

    def delete(name: str) -> Operation:
        def operation(client: Client) -> None:
            client.call("DELETE", model_path(name), expect=204)

        return operation

    return [delete(name) for name in names]


def read_mix(indexes: list[int]) -> list[Operation]:
    """Read a model, a version and a version by alias of seeded models, in turn."""
    readers: tuple[Callable[[int], Operation], ...] = (_read_model, _read_version, _read_alias)
    return [readers[position % 3](index) for position, index in enumerate(indexes)]


def _read_model(index: int) -> Operation:
    facts = seeded_facts(index)

    def operation(client: Client) -> None:
        body = client.get_json(model_path(facts.name))
        expect_equal("name", body.get("name"), facts.name)
        expect_equal("latest", (body.get("latest_version") or {}).get("version"), "3")
        expect_equal("aliases", body.get("aliases"), facts.aliases)

    return operation


def _read_version(index: int) -> Operation:
    name = seeded_name(index)
    framework = frameworks_of(index)[1]

    def operation(client: Client) -> None:
        body = client.get_json(f"{model_path(name)}/versions/2")
        expect_equal("model", body.get("model"), name)
        expect_equal("version", body.get("version"), "2")
        expect_equal("framework", body.get("framework"), framework)

    return operation


def _read_alias(index: int) -> Operation:
    name = seeded_name(index)

    def operation(client: Client) -> None:
        body = client.get_json(f"{model_path(name)}/aliases/champion")
        expect_equal("model", body.get("model"), name)
        expect_equal("version", body.get("version"), "3")

    return operation


def list_versions(indexes: list[int]) -> list[Operation]:
    """List every version of one seeded model (GET /models/{name}/versions)."""

    def versions(index: int) -> Operation:
        name = seeded_name(index)

        def operation(client: Client) -> None:
            body = client.get_json(f"{model_path(name)}/versions")
            labels = [item.get("version") for item in body.get("items", [])]
            expect_equal("versions", labels, ["3", "2", "1"])

        return operation

    return [versions(index) for index in indexes]


def list_filters() -> list[tuple[dict, Callable[[Facts], bool]]]:
    """The list filters a phase cycles through, each with the test of a matching model."""
    return [
        ({}, lambda facts: True),
        ({"framework": "PyTorch"}, lambda facts: "PyTorch" in facts.frameworks),
        ({"framework": "scikit-learn"}, lambda facts: "scikit-learn" in facts.frameworks),
        ({"tag": "team:team-7"}, lambda facts: facts.team == "team-7"),
        ({"alias": "challenger"}, lambda facts: "challenger" in facts.aliases),
    ]


def first_pages(world: World, count: int, page_size: int) -> list[Operation]:
    """Ask for the first page of the model list (sorted by name) under each filter in turn."""
    filters = list_filters()
    operations = []
    for position in range(count):
        params, keep = filters[position % len(filters)]
        expected = world.matching(("list", tuple(sorted(params.items()))), keep)
        operations.append(_first_page(params, expected[:page_size], len(expected) > page_size))
    return operations


def _first_page(params: dict, expected: list[str], more: bool) -> Operation:
    path = API + query(**params)

    def operation(client: Client) -> None:
        body = client.get_json(path)
        expect_equal(f"names of {path}", [item["name"] for item in body["items"]], expected)
        expect_equal(f"next_cursor given for {path}", body.get("next_cursor") is not None, more)

    return operation


def text_searches(world: World, needles: list[str], count: int) -> list[Operation]:
    """Search for each needle in turn (GET /models?q=...) and follow the cursor to the end."""
    return [_search(needles[n % len(needles)], world) for n in range(count)]


def _search(needle: str, world: World) -> Operation:
    expected = world.text_matches(needle)

    def operation(client: Client) -> None:
        names: list[str] = []
        cursor = None
        while True:
            body = client.get_json(API + query(q=needle, cursor=cursor))
            names.extend(item["name"] for item in body["items"])
            cursor = body.get("next_cursor")
            if not cursor:
                break
        if names != expected:
            raise CheckFailed(f"search {needle!r}: {len(names)} names, expected {len(expected)}")

    return operation
