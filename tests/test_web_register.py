"""Register from the web: one transaction; errors at the fields, in the services' words."""

import pytest
from web_support import make_model, page_of

from registry.errors import NotFound
from registry.services.events import list_events
from registry.services.registered_models import get_model

VALID = {
    "name": "resnet-50",
    "version": "",
    "framework": "PyTorch",
    "description": "# ResNet\n\nResidual nets.",
    "source": "s3://models/resnet/1",
    "tags": "team=vision\ntask = classification",
    "metrics": "top1=0.76\ntop5=0.93",
}


def test_register_lands_on_the_model_page_with_a_message(app, client):
    response = client.post("/models/new", data=VALID)
    assert response.status_code == 303
    assert response.headers["Location"] == "/models/resnet-50/"
    page = page_of(client.get(response.headers["Location"]))
    assert "Registered resnet-50 (version 1)." in page.all(data_testid="flash")[0]["text"]
    with app.app_context():
        model = get_model("resnet-50")
        version = model.versions[0]
        assert {tag.key: tag.value for tag in model.tags} == {
            "team": "vision",
            "task": "classification",
        }
        assert (version.version, version.framework, version.source) == (
            "1",
            "PyTorch",
            "s3://models/resnet/1",
        )
        assert {m.key: m.value for m in version.metrics} == {"top1": 0.76, "top5": 0.93}
        events = list_events(model).items
        assert {event.actor for event in events} == {"test-admin"}  # the signed-in user


def test_registered_model_is_listed(client):
    client.post("/models/new", data={**VALID, "version": "1.0.0"})
    rows = page_of(client.get("/")).all("tr", data_testid="model-row")
    assert rows[0]["attrs"]["data-model-name"] == "resnet-50"
    assert "1.0.0" in rows[0]["text"] and "PyTorch" in rows[0]["text"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Name is required."),
        ({"name": "a/b"}, "name", "Name must not contain '/' or ':'."),
        ({"name": " padded"}, "name", "Name must not start or end with a space."),
        ({"framework": ""}, "framework", "Framework is required."),
        ({"framework": "Caffe"}, "framework", "Framework must be one of: PyTorch"),
        ({"version": "1 0"}, "version", "Version must be 1-64 characters"),
        ({"source": "ftp://x/y"}, "source", "Source scheme 'ftp' is not allowed"),
        ({"metrics": "loss=nan"}, "metrics", "Metric 'loss' must be a finite number."),
        ({"metrics": "loss=low"}, "metrics", "Metric 'loss' must be a number."),
        ({"metrics": "loss"}, "metrics", "Line 1: write key=value."),
        ({"tags": "a=1\na=2"}, "tags", "Line 2: 'a' is given twice."),
    ],
)
def test_errors_show_at_their_field_and_nothing_is_saved(app, client, changes, field, message):
    response = client.post("/models/new", data={**VALID, **changes})
    assert response.status_code == 422
    page = page_of(response)
    assert message in page.field_error(field)
    assert page.all(data_testid="form-errors")[0]["attrs"]["role"] == "alert"
    # What the user typed is kept.
    assert page.by_id("description")["text"].lstrip("\r\n") == VALID["description"]
    with app.app_context(), pytest.raises(NotFound):
        get_model(changes.get("name") or VALID["name"])


def test_several_errors_show_at_once(client):
    response = client.post("/models/new", data={**VALID, "name": "", "framework": ""})
    page = page_of(response)
    assert page.field_error("name") == "Name is required."
    assert page.field_error("framework") == "Framework is required."


def test_a_taken_name_shows_at_the_name_field_with_422(app_context, client):
    make_model("ResNet-50")
    response = client.post("/models/new", data=VALID)
    assert response.status_code == 422
    assert page_of(response).field_error("name") == "A model named 'ResNet-50' already exists."


def test_register_form_offers_the_configured_frameworks(app, client):
    page = page_of(client.get("/models/new"))
    options = [o["attrs"]["value"] for o in page.all("option") if "value" in o["attrs"]]
    assert options == ["", *app.config["REGISTRY_FRAMEWORKS"]]
    for field in ("name", "version", "framework", "description", "source", "tags", "metrics"):
        assert page.all("label", **{"for": field}), field
