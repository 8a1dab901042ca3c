"""The phases of a run, in order: writes create what later phases read, list and delete.

Every phase runs with one client and then with C clients; the facts it changes are recorded
in the World afterwards, so later checks know what the server should answer.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import phases_api, phases_mlflow, phases_web
from .dataset import Facts, World, search_needles
from .load import Operation
from .settings import Settings

PAGE_SIZE = 50  # the API's default limit and the web list's REGISTRY_PAGE_SIZE


@dataclass(frozen=True)
class Step:
    """One phase: the operations for a number of clients, and what it changes afterwards."""

    phase: str
    door: str
    kind: str  # "write", "read", "list" or "search": which targets apply
    build: Callable[[int], list[Operation]]
    after: Callable[[int], None] = lambda clients: None
    api_client: bool = True  # sends the API token; a browser (the web door) does not


def new_names(door: str, clients: int, count: int) -> list[str]:
    """Names of the models a write phase of ``door`` creates with ``clients`` clients."""
    return [f"bench-{door}-c{clients}-{index:05d}" for index in range(count)]


def steps(settings: Settings, world: World) -> list[Step]:
    """Every phase of a run, in the order they run."""
    writes, reads = settings.writes, settings.operations
    rng = random.Random(20240601)
    picks = [rng.randrange(settings.models) for _ in range(reads)]
    needles = search_needles(settings.models)

    def names(door: str) -> Callable[[int], list[str]]:
        return lambda clients: new_names(door, clients, writes)

    api, mlflow = names("api"), names("mlflow")

    def update(door_names, change: Callable[[Facts], None]) -> Callable[[int], None]:
        def apply(clients: int) -> None:
            for name in door_names(clients):
                change(world.models[name])
            world.changed()

        return apply

    def add(door_names, description: Callable[[str], str], team) -> Callable[[int], None]:
        def apply(clients: int) -> None:
            for name in door_names(clients):
                world.add(Facts(name=name, description=description(name), team=team))

        return apply

    def described(door_names) -> Callable[[int], None]:
        # Update mixes change the description of every other model.
        def apply(clients: int) -> None:
            for name in door_names(clients)[::2]:
                world.models[name].description = f"Updated by the benchmark ({name})."
            world.changed()

        return apply

    def remove(door_names) -> Callable[[int], None]:
        return lambda clients: [world.remove(name) for name in door_names(clients)]

    return [
        Step(
            "create model",
            "api",
            "write",
            lambda c: phases_api.create_models(api(c)),
            add(api, lambda name: phases_api.new_facts(name).description, "bench"),
        ),
        Step(
            "create version",
            "api",
            "write",
            lambda c: phases_api.create_versions(api(c)),
            update(api, lambda facts: facts.frameworks.add(phases_api.NEW_FRAMEWORK)),
        ),
        Step(
            "set alias",
            "api",
            "write",
            lambda c: phases_api.set_aliases(api(c)),
            update(api, lambda facts: facts.aliases.update(champion="1")),
        ),
        Step(
            "update mix",
            "api",
            "write",
            lambda c: phases_api.update_mix(api(c)),
            described(api),
        ),
        Step("read mix", "api", "read", lambda c: phases_api.read_mix(picks)),
        Step("versions of a model", "api", "read", lambda c: phases_api.list_versions(picks)),
        Step(
            "list first page",
            "api",
            "list",
            lambda c: phases_api.first_pages(world, settings.pages, PAGE_SIZE),
        ),
        Step(
            "text search to the end",
            "api",
            "search",
            lambda c: phases_api.text_searches(world, needles, settings.searches),
        ),
        Step(
            "create model",
            "mlflow",
            "write",
            lambda c: phases_mlflow.create_models(mlflow(c)),
            add(mlflow, lambda name: "", None),
        ),
        Step(
            "create version",
            "mlflow",
            "write",
            lambda c: phases_mlflow.create_versions(mlflow(c)),
            update(mlflow, lambda facts: facts.frameworks.add("Other")),
        ),
        Step(
            "set alias",
            "mlflow",
            "write",
            lambda c: phases_mlflow.set_aliases(mlflow(c)),
            update(mlflow, lambda facts: facts.aliases.update(champion="1")),
        ),
        Step(
            "update mix",
            "mlflow",
            "write",
            lambda c: phases_mlflow.update_mix(mlflow(c)),
            described(mlflow),
        ),
        Step("read mix", "mlflow", "read", lambda c: phases_mlflow.read_mix(picks)),
        Step(
            "search name LIKE to the end",
            "mlflow",
            "search",
            lambda c: phases_mlflow.searches(world, needles, settings.searches),
        ),
        Step(
            "list page, framework filter",
            "web",
            "list",
            lambda c: phases_web.list_pages(world, settings.pages, PAGE_SIZE),
            api_client=False,
        ),
        Step("delete", "api", "write", lambda c: phases_api.delete_models(api(c)), remove(api)),
        Step(
            "delete",
            "mlflow",
            "write",
            lambda c: phases_mlflow.delete_models(mlflow(c)),
            remove(mlflow),
        ),
    ]
