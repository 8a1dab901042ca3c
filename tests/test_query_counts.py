"""A list page costs the same few SQL statements whatever its size: no query per row (N+1)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from registry.extensions import db
from registry.services import aliases, model_search, registered_models, versions
from registry.services.model_search import ModelFilter
from registry.web.model_page import VERSIONS_PAGE_SIZE

MODELS = 60
SMALL, LARGE = 5, 50
MOST_STATEMENTS = 10  # a page may take a handful of statements, never one per row


@pytest.fixture
def registry(app):
    """An app holding MODELS models, each with two versions, tags, metrics and an alias."""
    with app.app_context():
        for index in range(MODELS):
            name = f"model-{index:03d}"
            registered_models.create_model(
                name,
                f"Model number {index}.",
                {"team": f"team-{index % 3}"},
                first_version={"framework": "PyTorch", "metrics": {"accuracy": 0.5}},
            )
            versions.create_version(name, framework="ONNX", tags={"dataset": "imagenet"})
            aliases.set_alias(name, "champion", "2")
    return app


@contextmanager
def counted(app) -> Iterator[list[str]]:
    """Collect every SQL statement sent to the app's database inside the block."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_per_page(app, fetch) -> dict[int, int]:
    """How many statements ``fetch(page_size)`` sends, for a small and a large page."""
    found = {}
    for size in (SMALL, LARGE):
        with counted(app) as statements:
            fetch(size)
        found[size] = len(statements)
    return found


def assert_same_few(counts: dict[int, int]) -> None:
    """The same number of statements for both sizes, and only a few."""
    assert counts[SMALL] == counts[LARGE], counts
    assert counts[LARGE] <= MOST_STATEMENTS, counts


@pytest.mark.parametrize(
    "model_filter",
    [ModelFilter(), ModelFilter(framework="ONNX", sort="-updated"), ModelFilter(q="model-0")],
    ids=["all", "framework", "search"],
)
def test_services_list_models(registry, model_filter):
    def fetch(size: int) -> None:
        with registry.app_context():
            page = model_search.list_models(model_filter, limit=size)
            assert len(page.items) == size
            for listing in page.items:  # everything a list shows, loaded already
                assert listing.latest.version == "2"
                assert listing.model.aliases == {"champion": "2"}
                assert list(listing.model.tags) == ["team"]

    assert_same_few(statements_per_page(registry, fetch))


def test_api_model_list(registry):
    client = registry.test_client()

    def fetch(size: int) -> None:
        answer = client.get(f"/api/v1/models?framework=ONNX&limit={size}")
        assert answer.status_code == 200
        assert len(answer.json["items"]) == size

    assert_same_few(statements_per_page(registry, fetch))


def test_api_versions_page(app):
    with app.app_context():
        registered_models.create_model("many")
        for _ in range(LARGE + 1):
            versions.create_version("many", framework="JAX", metrics={"m": 0.5}, tags={"t": "x"})
        aliases.set_alias("many", "champion", "1")
    client = app.test_client()

    def fetch(size: int) -> None:
        answer = client.get(f"/api/v1/models/many/versions?limit={size}")
        assert answer.status_code == 200
        assert len(answer.json["items"]) == size
        assert all(item["tags"] == {"t": "x"} for item in answer.json["items"])

    assert_same_few(statements_per_page(app, fetch))


def test_mlflow_search_page(registry):
    client = registry.test_client()

    def fetch(size: int) -> None:
        answer = client.get(
            "/api/2.0/mlflow/registered-models/search",
            query_string={"filter": "name LIKE 'model-%'", "max_results": size},
        )
        assert answer.status_code == 200
        assert len(answer.json["registered_models"]) == size

    assert_same_few(statements_per_page(registry, fetch))


def test_web_list_page(registry):
    client = registry.test_client()

    def fetch(size: int) -> None:
        registry.config["REGISTRY_PAGE_SIZE"] = size
        answer = client.get("/?framework=ONNX")
        assert answer.status_code == 200
        assert answer.get_data(as_text=True).count('data-testid="model-row"') == size

    assert_same_few(statements_per_page(registry, fetch))


def test_web_model_page(app):
    """A model's page costs the same statements with few or many versions, aliases and tags."""
    with app.app_context():
        for name, count in (("few", SMALL), ("many", LARGE)):
            registered_models.create_model(name, tags={"team": "nlp"})
            for number in range(1, count + 1):
                versions.create_version(
                    name, framework="JAX", metrics={"accuracy": 0.5}, tags={"dataset": "x"}
                )
                aliases.set_alias(name, f"alias-{number}", str(number))
    client = app.test_client()
    found = {}
    for name, count in (("few", SMALL), ("many", LARGE)):
        with counted(app) as statements:
            answer = client.get(f"/models/{name}/")
        assert answer.status_code == 200
        assert answer.get_data(as_text=True).count('data-testid="version-row"') == count
        found[count] = len(statements)
    assert_same_few(found)


def test_web_model_page_with_aliases_on_versions_it_does_not_show(app):
    """Aliases pointing below the first page cost no statement each (their selects need them)."""
    with app.app_context():
        for name, count in (("few", 1), ("many", 10)):
            registered_models.create_model(name)
            for _ in range(VERSIONS_PAGE_SIZE + count):
                versions.create_version(name, framework="JAX")
            for number in range(1, count + 1):
                aliases.set_alias(name, f"alias-{number}", str(number))
    client = app.test_client()
    found = {}
    for name, count in (("few", 1), ("many", 10)):
        with counted(app) as statements:
            answer = client.get(f"/models/{name}/")
        assert answer.status_code == 200
        assert answer.get_data(as_text=True).count('data-testid="alias"') == count
        found[count] = len(statements)
    assert found[1] == found[10], found
