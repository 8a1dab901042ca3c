"""Load the doors named in REGISTRY_PLUGINS: an installed entry point, else an import path."""

import importlib
from importlib.metadata import entry_points

from flask import Flask

ENTRY_POINT_GROUP = "registry.plugins"


class PluginError(RuntimeError):
    """A plugin named in REGISTRY_PLUGINS cannot be loaded; the app refuses to start."""


def load_plugins(app: Flask) -> None:
    """Import each plugin in REGISTRY_PLUGINS, in order, and call its ``init_app(app)``."""
    installed = {point.name: point for point in entry_points(group=ENTRY_POINT_GROUP)}
    for name in app.config["REGISTRY_PLUGINS"]:
        plugin = _load(name, installed)
        init_app = getattr(plugin, "init_app", None)
        if not callable(init_app):
            raise PluginError(f"Plugin '{name}' has no init_app(app) function.")
        init_app(app)


def _load(name: str, installed: dict):
    if name in installed:
        return installed[name].load()
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise PluginError(
            f"Plugin '{name}' in REGISTRY_PLUGINS is neither an installed '{ENTRY_POINT_GROUP}' "
            f"entry point nor an importable module ({exc}). Fix REGISTRY_PLUGINS or install it."
        ) from exc
