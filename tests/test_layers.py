"""The layer rules import-linter cannot see: names that services and models must not use."""

import ast
from pathlib import Path

import registry

DOOR_ONLY_NAMES = {
    "request",
    "jsonify",
    "render_template",
    "session",
    "redirect",
    "url_for",
    "abort",
}
PACKAGE = Path(registry.__file__).parent


def flask_names_imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "flask"
        for alias in node.names
    }


def test_services_and_models_never_touch_the_request_or_render():
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in [*PACKAGE.glob("services/*.py"), PACKAGE / "models.py"]
        if (names := flask_names_imported(path) & DOOR_ONLY_NAMES)
    }
    assert offenders == {}


def test_the_factory_never_imports_a_door_by_name():
    factory = ast.parse((PACKAGE / "__init__.py").read_text())
    imported = {
        alias.name
        for node in ast.walk(factory)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert not imported & {"web", "api", "mlflow"}
