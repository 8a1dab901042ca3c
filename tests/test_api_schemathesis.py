"""Schemathesis against a live server: every documented operation, on SQLite and PostgreSQL.

The OpenAPI document pins the status-code contract, so any undocumented status, any 5xx,
and any body or header that does not match its schema fails the test.
"""

import threading

import pytest
import schemathesis
from auth_support import make_account
from schemathesis.engine import events
from werkzeug.serving import WSGIRequestHandler, make_server

from registry.errors import NotFound
from registry.services import aliases, lookup, registered_models, version_tags, versions

# The path-parameter examples of the OpenAPI document name these, so the examples phase
# reaches the success paths as well as the 404s.
SEED_MODEL, SEED_VERSIONS, SEED_ALIAS, SEED_TAG = "resnet-50", ("1", "2"), "champion", "owner"


@pytest.fixture
def app_config(app_config):
    """Only the API door: the fuzzing covers exactly the documented routes."""
    return {**app_config, "REGISTRY_PLUGINS": ["registry.api"]}


class QuietHandler(WSGIRequestHandler):
    """A request handler that does not log every request to stderr."""

    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture
def live_api(app):
    """The app served by werkzeug on 127.0.0.1 at a free port, in a thread of this process."""
    server = make_server("127.0.0.1", 0, reseeding(app), request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def api_schema(app, live_api):
    """The OpenAPI document as the live server serves it, bounded and derandomized; requests
    carry an admin's token, so every operation reaches its success paths."""
    admin = make_account(app, "fuzzer", "admin")
    config = schemathesis.Config.from_dict(
        {
            "base-url": live_api,
            "headers": admin.bearer,
            "generation": {"max-examples": 20, "deterministic": True, "database": "none"},
            # The schema states shapes; the services' rules (name syntax, the framework list,
            # version labels ...) answer 422 to shape-valid data, as they should. Every
            # status is still checked against the documented ones.
            # The server puts the examples' objects back before each request (see
            # reseeding), so a deleted example model reappearing is the fixture's doing.
            "checks": {
                "positive_data_acceptance": {"enabled": False},
                "use_after_free": {"enabled": False},
            },
        }
    )
    return schemathesis.openapi.from_url(f"{live_api}/api/v1/openapi.json", config=config)


def ensure_seed() -> None:
    """Put back what the examples name, whatever earlier cases renamed or deleted."""
    try:
        model = lookup.get_model(SEED_MODEL)
    except NotFound:
        model = registered_models.create_model(SEED_MODEL)
    if SEED_TAG not in {tag.key for tag in model.tags}:
        registered_models.set_model_tag(SEED_MODEL, SEED_TAG, "vision")
    for label in SEED_VERSIONS:
        try:
            found = lookup.get_version(SEED_MODEL, label)
        except NotFound:
            found = versions.create_version(SEED_MODEL, version=label, framework="PyTorch")
        if SEED_TAG not in {tag.key for tag in found.tags}:
            version_tags.set_version_tag(SEED_MODEL, label, SEED_TAG, "me")
    try:
        aliases.get_version_by_alias(SEED_MODEL, SEED_ALIAS)
    except NotFound:
        aliases.set_alias(SEED_MODEL, SEED_ALIAS, SEED_VERSIONS[0])


def reseeding(app):
    """Wrap ``app`` so that a request finds the examples' objects in place.

    Only a write can take them away, so the check runs once after each write.
    """
    state = {"dirty": True}

    def serve(environ, start_response):
        if state["dirty"]:
            with app.app_context():
                ensure_seed()
        state["dirty"] = environ["REQUEST_METHOD"] not in ("GET", "HEAD", "OPTIONS")
        return app(environ, start_response)

    return serve


def failures_of(schema) -> list[str]:
    """Run every phase over every operation and return a report of each failure."""
    found = []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for case_id, checks in event.recorder.checks.items():
                label = event.recorder.cases[case_id].value.operation.label
                found += [
                    f"{label}: {check.failure_info.failure.title}\n"
                    f"{check.failure_info.failure.message}\n{check.failure_info.code_sample}"
                    for check in checks
                    if check.failure_info is not None
                ]
        elif isinstance(event, events.NonFatalError):
            found.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            found.append(f"schemathesis failed: {event.exception!r}")
    return found


def test_every_operation_conforms(api_schema):
    """No 5xx, every status documented, every body and header as documented."""

    failures = failures_of(api_schema)
    assert not failures, "\n\n".join(dict.fromkeys(failures))
