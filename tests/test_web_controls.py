"""Pages offer only the controls the visitor's role can use; the views still check each request."""

import pytest
from auth_support import make_account, sign_in_client
from web_support import make_model_with_versions, page_of

from registry.services.registered_models import get_model
from registry.services.views import versions_of

# The model page's controls, by the least role that may use them.
EDITOR_CONTROLS = {
    "add-version",
    "edit-model",
    "edit-version",
    "set-alias",
    "move-alias",
    "remove-alias",
}
ADMIN_CONTROLS = {"delete-model", "delete-version"}
CONTROLS_OF = {
    "anonymous": set(),
    "viewer": set(),
    "editor": EDITOR_CONTROLS,
    "admin": EDITOR_CONTROLS | ADMIN_CONTROLS,
}


@pytest.fixture
def seeded(app_context):
    """BERT with versions 1 and 2, and champion -> 1."""
    make_model_with_versions("BERT")


def visitor(app, role: str):
    """A test client for a visitor with ``role`` (or none, for "anonymous")."""
    if role == "anonymous":
        return app.test_client()
    make_account(app, role, role)
    return sign_in_client(app.test_client(), app, role)


@pytest.mark.parametrize("role", list(CONTROLS_OF))
def test_the_model_page_offers_what_the_role_can_do(app, seeded, role):
    page = page_of(visitor(app, role).get("/models/BERT/"))
    every = EDITOR_CONTROLS | ADMIN_CONTROLS
    assert {testid for testid in every if page.all(data_testid=testid)} == CONTROLS_OF[role]
    # Reading stays whole: the versions to compare, and where each alias points.
    assert page.all(data_testid="compare-button")
    alias = " ".join(page.all("li", data_testid="alias")[0]["text"].split())
    assert alias.startswith("champion")
    if not CONTROLS_OF[role]:
        assert alias == "champion → points at version 1"


@pytest.mark.parametrize("role", ["anonymous", "viewer"])
def test_readers_are_offered_no_way_to_register(app, role):
    page = page_of(visitor(app, role).get("/"))
    assert not page.all("a", href="/models/new")
    assert "register" not in page.all("footer")[0]["text"]


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("viewer", "/models/BERT/edit"),
        ("viewer", "/models/BERT/versions/new"),
        ("viewer", "/models/BERT/aliases"),
        ("editor", "/models/BERT/delete"),
        ("editor", "/models/BERT/versions/1/delete"),
    ],
)
def test_a_hidden_control_posted_anyway_is_refused(app, seeded, role, url):
    data = {"name": "taken-over", "framework": "JAX", "alias": "x", "version": "1"}
    assert visitor(app, role).post(url, data=data).status_code == 403
    assert get_model("BERT").aliases[0].alias == "champion"
    assert [found.version for found in versions_of("BERT").items] == ["2", "1"]
