"""/api/v1/models: register, read, list, change and delete models over JSON."""

import pytest
from api_support import API_ONLY, add_version, failing_fields, model_url, problem, register

from registry.api.responses import Model, ModelPage
from registry.services import events, lookup


@pytest.fixture
def app_config(app_config):
    """Only the API door."""
    return {**app_config, **API_ONLY}


def test_register_a_model_with_its_first_version(client):
    response = client.post(
        "/api/v1/models",
        json={
            "name": "resnet-50",
            "description": "A **card**",
            "tags": {"team": "vision"},
            "first_version": {"framework": "PyTorch", "metrics": {"top1": 0.76}},
        },
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/models/resnet-50"
    assert response.headers["ETag"].strip('"').isdigit()
    body = Model.model_validate(response.get_json()).model_dump()
    assert body["name"] == "resnet-50"
    assert body["tags"] == {"team": "vision"}
    assert body["latest_version"]["version"] == "1"
    assert body["latest_version"]["framework"] == "PyTorch"
    assert response.get_json()["created_at"].endswith("Z")
    assert client.get(response.headers["Location"]).get_json() == response.get_json()


def test_a_model_without_versions_has_no_latest_version(client):
    assert register(client, "empty")["latest_version"] is None


@pytest.mark.parametrize("name", ["Stable Diffusion", "naïve-bayes", "a?b#c%d", "x&y=z+1"])
def test_names_with_spaces_unicode_and_url_characters_round_trip(client, name):
    created = client.post("/api/v1/models", json={"name": name})
    assert created.status_code == 201
    assert client.get(created.headers["Location"]).get_json()["name"] == name
    assert created.get_json()["links"]["self"] == created.headers["Location"]  # as url_for
    assert client.get(model_url(name)).get_json()["name"] == name
    version = add_version(client, name)
    assert client.get(version["links"]["self"]).get_json()["model"] == name
    assert client.delete(model_url(name)).status_code == 204
    problem(client.get(model_url(name)), 404)


def test_a_name_is_found_in_any_case(client):
    register(client, "BERT")
    assert client.get("/api/v1/models/bert").get_json()["name"] == "BERT"


def test_registering_a_taken_name_is_a_conflict(client):
    register(client, "BERT")
    assert (
        "already exists"
        in problem(client.post("/api/v1/models", json={"name": "bert"}), 409)["detail"]
    )


def test_every_failing_rule_is_listed(client):
    response = client.post(
        "/api/v1/models", json={"name": "a/b", "description": "x" * 65537, "tags": {"": "v"}}
    )
    fields = failing_fields(response)
    assert set(fields) == {"name", "description", "tags"}
    assert fields["name"] == "Name must not contain '/' or ':'."


def test_every_wrong_shape_is_listed(client):
    response = client.post(
        "/api/v1/models",
        json={"description": 5, "tags": {"team": 1}, "first_version": {"metrics": {"a": "b"}}},
    )
    fields = failing_fields(response)
    assert fields == {
        "name": "Name is required.",
        "description": "Description must be text.",
        "tags": "Tag 'team' value must be text.",
        "first_version.framework": "Framework is required.",
        "first_version.metrics": "Metric 'a' must be a number.",
    }


def test_unknown_fields_are_refused(client):
    assert failing_fields(client.post("/api/v1/models", json={"name": "m", "colour": "red"})) == {
        "colour": "This field is not allowed here."
    }


def test_a_rule_broken_in_the_first_version_registers_nothing(client):
    response = client.post(
        "/api/v1/models", json={"name": "m", "first_version": {"framework": "Nope"}}
    )
    assert "framework" in failing_fields(response)
    problem(client.get("/api/v1/models/m"), 404)


def test_patch_renames_and_describes(client):
    register(client, "old")
    response = client.patch("/api/v1/models/old", json={"name": "new", "description": "card"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "new"
    assert response.get_json()["links"]["self"] == "/api/v1/models/new"
    problem(client.get("/api/v1/models/old"), 404)
    assert client.get("/api/v1/models/new").get_json()["description"] == "card"


def test_patch_refuses_null_and_unknown_fields(client):
    register(client, "m")
    fields = failing_fields(client.patch("/api/v1/models/m", json={"description": None, "x": 1}))
    assert fields == {
        "description": "Description must be text.",
        "x": "This field is not allowed here.",
    }


def test_patch_with_the_current_etag_succeeds_and_a_stale_one_is_refused(client):
    register(client, "m")
    etag = client.get("/api/v1/models/m").headers["ETag"]
    changed = client.patch(
        "/api/v1/models/m", json={"description": "one"}, headers={"If-Match": etag}
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    stale = client.patch(
        "/api/v1/models/m", json={"description": "two"}, headers={"If-Match": etag}
    )
    problem(stale, 412)
    assert client.get("/api/v1/models/m").get_json()["description"] == "one"


@pytest.mark.parametrize("condition", ['W/"1"', '"abc"', '"99"', "garbage"])
def test_if_match_that_names_no_current_version_is_refused(client, condition):
    register(client, "m")
    problem(client.delete("/api/v1/models/m", headers={"If-Match": condition}), 412)
    assert client.get("/api/v1/models/m").status_code == 200


def test_if_match_star_only_requires_the_model_to_exist(client):
    register(client, "m")
    assert client.delete("/api/v1/models/m", headers={"If-Match": "*"}).status_code == 204
    problem(client.delete("/api/v1/models/m", headers={"If-Match": "*"}), 404)


def test_delete_with_the_current_etag(client, app, admin):
    register(client, "m")
    etag = client.get("/api/v1/models/m").headers["ETag"]
    response = client.delete("/api/v1/models/m", headers={"If-Match": etag})
    assert response.status_code == 204
    assert response.data == b""
    problem(client.get("/api/v1/models/m"), 404)
    with app.app_context():
        actor = f"test-admin (token {admin.token[:8]}…)"
        assert [event.actor for event in events_of_deleted(app)] == [actor, actor]


def events_of_deleted(app):
    """The history kept for a deleted model (it outlives the model's row)."""
    from registry.extensions import db
    from registry.models import Event

    return list(db.session.scalars(db.select(Event).order_by(Event.id)))


def test_model_tags_are_set_replaced_and_removed(client):
    register(client, "m")
    response = client.put(model_url("m", "tags", "team"), json={"value": "vision"})
    assert response.status_code == 200
    assert response.get_json()["tags"] == {"team": "vision"}
    assert "ETag" in response.headers
    client.put(model_url("m", "tags", "team"), json={"value": "nlp"})
    assert client.get("/api/v1/models/m").get_json()["tags"] == {"team": "nlp"}
    assert client.delete(model_url("m", "tags", "team")).status_code == 204
    assert client.get("/api/v1/models/m").get_json()["tags"] == {}
    problem(client.delete(model_url("m", "tags", "team")), 404)


def test_a_tag_key_may_hold_a_slash(client):
    register(client, "m")
    assert (
        client.put("/api/v1/models/m/tags/mlflow.source/type", json={"value": "x"}).status_code
        == 200
    )
    assert client.get("/api/v1/models/m").get_json()["tags"] == {"mlflow.source/type": "x"}


def test_tag_value_must_be_text(client):
    register(client, "m")
    assert failing_fields(client.put(model_url("m", "tags", "k"), json={"value": 3})) == {
        "value": "Value must be text."
    }
    assert failing_fields(client.put(model_url("m", "tags", "k"), json={})) == {
        "value": "Value is required."
    }


def test_writes_are_attributed_to_the_token_and_its_user(client, app, admin):
    register(client, "m", description="card")
    with app.app_context():
        history = events.list_events(lookup.get_model("m")).items
    assert {event.actor for event in history} == {f"test-admin (token {admin.token[:8]}…)"}


def test_list_answers_items_and_next_cursor(client):
    for name in ("b", "a", "c"):
        register(client, name)
    response = client.get("/api/v1/models")
    page = ModelPage.model_validate(response.get_json())
    assert [model.name for model in page.items] == ["a", "b", "c"]
    assert page.next_cursor is None
    assert "Link" not in response.headers


def test_list_filters_by_text_framework_tag_and_alias(client):
    register(client, "vision", description="sees", tags={"team": "cv", "gpu": "yes"})
    register(client, "speech", tags={"team": "audio"})
    add_version(client, "vision", "PyTorch")
    add_version(client, "speech", "JAX")
    client.put(model_url("speech", "aliases", "champion"), json={"version": "1"})

    def names(query):
        response = client.get("/api/v1/models?" + query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [model["name"] for model in response.get_json()["items"]]

    assert names("q=SEES") == ["vision"]
    assert names("framework=JAX") == ["speech"]
    assert names("tag=team") == ["speech", "vision"]
    assert names("tag=team:cv") == ["vision"]
    assert names("tag=team:cv&tag=gpu") == ["vision"]
    assert names("tag=team:cv&tag=gpu:no") == []
    assert names("alias=champion") == ["speech"]
    assert names("sort=-name") == ["vision", "speech"]


@pytest.mark.parametrize("limit", ["abc", "0", "201", "1.5", "-1", " 5", "1e1", ""])
def test_limit_must_be_a_whole_number_from_1_to_200(client, limit):
    fields = failing_fields(client.get(f"/api/v1/models?limit={limit}"))
    assert list(fields) == ["limit"]


def test_limit_given_twice_is_refused(client):
    assert list(failing_fields(client.get("/api/v1/models?limit=1&limit=2"))) == ["limit"]


def test_an_unknown_sort_is_refused_with_the_services_message(client):
    fields = failing_fields(client.get("/api/v1/models?sort=size"))
    assert fields["sort"].startswith("Sort must be one of: name, -name")


def test_links_follow_the_path_the_app_is_mounted_at(client):
    register(client, "m")
    mounted = {"SCRIPT_NAME": "/registry"}
    at_root = client.get("/api/v1/models/m").get_json()
    below = client.get("/api/v1/models/m", environ_overrides=mounted).get_json()
    again = client.get("/api/v1/models/m").get_json()
    assert at_root["links"]["self"] == again["links"]["self"] == "/api/v1/models/m"
    assert below["links"]["self"] == "/registry/api/v1/models/m"
    assert below["links"]["versions"] == "/registry/api/v1/models/m/versions"
