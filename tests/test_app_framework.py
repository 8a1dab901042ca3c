"""The app's own Flask pieces: how it calls hooks and views, and how it writes JSON."""

import json
from datetime import datetime

import pytest

from registry import create_app


@pytest.fixture
def bare_app():
    """The app with no doors, on an in-memory database."""
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test", "REGISTRY_PLUGINS": []}
    )


def test_a_plain_function_is_called_as_it_is(bare_app):
    def hook():
        return None

    assert bare_app.ensure_sync(hook) is hook
    assert bare_app.ensure_sync(hook) is hook  # remembered, still itself


def test_a_coroutine_function_is_still_handed_to_flasks_async_support(bare_app, monkeypatch):
    async def view():
        return "ran"

    handed = []
    monkeypatch.setattr(bare_app, "async_to_sync", lambda func: handed.append(func) or func)
    bare_app.ensure_sync(view)
    bare_app.ensure_sync(view)  # the remembered answer is the same
    assert handed == [view, view]


def test_json_is_compact_and_keeps_the_order_it_was_built_in(bare_app):
    assert bare_app.json.dumps({"name": "b", "a": [1.5, None]}) == '{"name":"b","a":[1.5,null]}'


def test_json_keeps_flasks_conversions(bare_app):
    written = bare_app.json.dumps({"at": datetime(2026, 1, 2, 3, 4, 5), 7: "seven"})
    assert json.loads(written) == {"at": "Fri, 02 Jan 2026 03:04:05 GMT", "7": "seven"}


def test_json_is_indented_when_flask_asks(bare_app):
    assert bare_app.json.dumps({"a": 1}, indent=2) == '{\n  "a": 1\n}'


def test_text_that_is_not_unicode_is_written_as_an_escape(bare_app):
    written = bare_app.json.dumps({"message": "bad \ud800 text"})
    assert json.loads(written) == {"message": "bad \ud800 text"}


def test_what_json_cannot_hold_is_refused(bare_app):
    with pytest.raises(TypeError):
        bare_app.json.dumps({"thing": object()})
