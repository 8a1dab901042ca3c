"""Adding, changing and deleting versions from the web without JavaScript."""

import pytest
from web_support import form_values, hidden_values, make_model_with_versions, page_of

from registry.errors import NotFound
from registry.services.aliases import get_version_by_alias
from registry.services.events import list_events
from registry.services.lookup import get_version
from registry.services.registered_models import get_model
from registry.services.versions import update_version


@pytest.fixture
def seeded(app_context):
    """BERT with versions 1 and 2, and champion -> 1."""
    make_model_with_versions("BERT")


def test_add_version(client, seeded):
    data = {
        "version": "3.0",
        "framework": "JAX",
        "stage": "Staging",
        "source": "gs://b/k",
        "metrics": "acc=0.99",
        "tags": "",
    }
    response = client.post("/models/BERT/versions/new", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/models/BERT/"
    found = get_version("BERT", "3.0")
    assert (found.framework, found.stage, found.source) == ("JAX", "Staging", "gs://b/k")
    assert list_events(get_model("BERT")).items[0].actor == "test-admin"


def test_add_version_without_label_takes_the_next_number(client, seeded):
    client.post("/models/BERT/versions/new", data={"framework": "Other"})
    assert get_version("BERT", "3").framework == "Other"


def test_add_a_version_that_exists_shows_at_the_version_field(client, seeded):
    response = client.post("/models/BERT/versions/new", data={"version": "2", "framework": "JAX"})
    assert response.status_code == 422
    assert page_of(response).field_error("version") == "Model 'BERT' already has version '2'."


def test_a_version_run_id_and_link_are_added_and_changed(client, seeded):
    data = {"framework": "JAX", "run_id": "run-1", "run_link": "https://ci.example/runs/1"}
    assert client.post("/models/BERT/versions/new", data=data).status_code == 303
    found = get_version("BERT", "3")
    assert (found.run_id, found.run_link) == ("run-1", "https://ci.example/runs/1")
    data = form_values(client, "/models/BERT/versions/3/edit")
    assert (data["run_id"], data["run_link"]) == ("run-1", "https://ci.example/runs/1")
    data.update(run_id="run-2", run_link="")
    assert client.post("/models/BERT/versions/3/edit", data=data).status_code == 303
    found = get_version("BERT", "3")
    assert (found.run_id, found.run_link) == ("run-2", "")


def test_a_too_long_run_id_shows_at_its_field(client, seeded):
    data = {**form_values(client, "/models/BERT/versions/2/edit"), "run_id": "r" * 65}
    response = client.post("/models/BERT/versions/2/edit", data=data)
    assert response.status_code == 422
    assert "at most 64 characters" in page_of(response).field_error("run_id")
    assert get_version("BERT", "2").run_id == ""


def test_edit_a_version(client, seeded):
    data = form_values(client, "/models/BERT/versions/2/edit")
    assert data["metrics"] == "accuracy=0.95" and data["tags"] == "quantised=yes"
    data.update(stage="Production", metrics="accuracy=0.97\nf1=0.9", tags="", framework="JAX")
    response = client.post("/models/BERT/versions/2/edit", data=data)
    assert response.status_code == 303
    found = get_version("BERT", "2")
    assert (found.stage, found.framework) == ("Production", "JAX")
    assert {m.key: m.value for m in found.metrics} == {"accuracy": 0.97, "f1": 0.9}
    assert found.tags == []


def test_a_version_edit_error_shows_at_its_field(client, seeded):
    data = form_values(client, "/models/BERT/versions/2/edit")
    data["stage"] = "Retired"
    response = client.post("/models/BERT/versions/2/edit", data=data)
    assert response.status_code == 422
    assert page_of(response).field_error("stage").startswith("Stage must be one of: None")


def test_a_stale_version_edit_is_refused_with_409(client, seeded):
    data = form_values(client, "/models/BERT/versions/2/edit")
    update_version("BERT", "2", {"stage": "Archived"})
    data["stage"] = "Production"
    response = client.post("/models/BERT/versions/2/edit", data=data)
    assert response.status_code == 409
    assert "Archived" in page_of(response).all(data_testid="current-values")[0]["text"]
    assert get_version("BERT", "2").stage == "Archived"


def test_delete_a_version_after_confirmation(client, seeded):
    confirm = page_of(client.get("/models/BERT/versions/1/delete"))
    text = " ".join(confirm.all(data_testid="confirm-box")[0]["text"].split())
    assert "Model: BERT" in text and "Version: 1" in text and "Aliases: champion" in text
    response = client.post("/models/BERT/versions/1/delete", data=hidden_values(confirm))
    assert response.status_code == 303
    with pytest.raises(NotFound):
        get_version("BERT", "1")
    with pytest.raises(NotFound):
        get_version_by_alias("BERT", "champion")


def test_a_version_changed_since_the_confirmation_is_not_deleted(client, seeded):
    confirm = page_of(client.get("/models/BERT/versions/2/delete"))
    update_version("BERT", "2", {"stage": "Staging"})
    response = client.post("/models/BERT/versions/2/delete", data=hidden_values(confirm))
    assert response.status_code == 409
    page = page_of(response)
    assert "This version changed since you opened this page" in page.all(role="alert")[0]["text"]
    assert get_version("BERT", "2").stage == "Staging"
    # Confirming again on the page that said so deletes it: it carries the new row version.
    assert (
        client.post("/models/BERT/versions/2/delete", data=hidden_values(page)).status_code == 303
    )
    with pytest.raises(NotFound):
        get_version("BERT", "2")
