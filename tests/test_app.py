"""The app factory: configuration layers and the plugin allowlist."""

import sys
import types

import pytest

from registry import create_app
from registry.config import apply_environment, normalise_database_url, require_real_secret_key
from registry.extensions import db
from registry.plugins import PluginError


def test_an_unknown_plugin_stops_start_up_with_a_clear_message(app_config):
    with pytest.raises(PluginError, match="'no.such.plugin' .* neither an installed"):
        create_app({**app_config, "REGISTRY_PLUGINS": ["no.such.plugin"]})


def test_a_module_without_init_app_is_refused(app_config, monkeypatch):
    monkeypatch.setitem(sys.modules, "plugin_without_init", types.ModuleType("plugin_without_init"))
    with pytest.raises(PluginError, match="has no init_app"):
        create_app({**app_config, "REGISTRY_PLUGINS": ["plugin_without_init"]})


def test_only_the_listed_plugins_load(app_config, monkeypatch):
    loaded = []
    plugin = types.ModuleType("recording_plugin")
    plugin.init_app = lambda app: loaded.append(app.name)
    monkeypatch.setitem(sys.modules, "recording_plugin", plugin)
    app = create_app({**app_config, "REGISTRY_PLUGINS": ["recording_plugin"]})
    assert loaded == ["registry"]
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == {"static"}


def test_environment_variables_with_the_registry_prefix(monkeypatch):
    monkeypatch.setenv("REGISTRY_SECRET_KEY", "from-env")
    monkeypatch.setenv("REGISTRY_PLUGINS", '["registry.api"]')
    monkeypatch.setenv("REGISTRY_PAGE_SIZE", "25")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "REGISTRY_PLUGINS": []})
    settings = app.config.__class__(app.root_path, app.config)
    apply_environment(settings)
    assert settings["SECRET_KEY"] == "from-env"
    assert settings["REGISTRY_PLUGINS"] == ["registry.api"]
    assert settings["REGISTRY_PAGE_SIZE"] == 25


def test_database_url_accepts_the_paas_spelling():
    assert normalise_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_database_url("sqlite:////data/r.db") == "sqlite:////data/r.db"


def test_production_refuses_the_development_secret_key():
    with pytest.raises(SystemExit, match="REGISTRY_SECRET_KEY"):
        require_real_secret_key({"SECRET_KEY": "dev-only-insecure-key"})
    require_real_secret_key({"SECRET_KEY": "a-real-one"})


def test_the_pool_lends_the_connection_given_back_last(app):
    with app.app_context():
        first, second = db.engine.raw_connection(), db.engine.raw_connection()
        last_given_back = second.driver_connection
        first.close()
        second.close()
        again = db.engine.raw_connection()
        try:
            assert again.driver_connection is last_given_back
        finally:
            again.close()


def test_an_in_memory_database_keeps_its_one_shared_connection():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "REGISTRY_PLUGINS": []})
    with app.app_context():
        assert "pool_use_lifo" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        first = db.engine.raw_connection()
        driver = first.driver_connection
        first.close()
        again = db.engine.raw_connection()
        assert again.driver_connection is driver
        again.close()


def test_sqlite_connections_get_the_pragmas(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.sqlite3'}", "REGISTRY_PLUGINS": []}
    )
    with app.app_context(), db.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        db.engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
