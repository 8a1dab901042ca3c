"""Changing models and aliases from the web without JavaScript: plain POSTs, 303 redirects."""

import pytest
from web_support import form_values, hidden_values, make_model, make_model_with_versions, page_of

from registry.errors import NotFound
from registry.services.aliases import get_version_by_alias
from registry.services.lookup import get_version
from registry.services.registered_models import get_model, update_model


@pytest.fixture
def seeded(app_context):
    """BERT with versions 1 and 2, and champion -> 1."""
    make_model_with_versions("BERT")


def test_rename_and_rewrite_the_card(client, seeded):
    data = form_values(client, "/models/BERT/edit")
    data.update(name="BERT-base", description="New card")
    response = client.post("/models/BERT/edit", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/models/BERT-base/"
    assert get_model("BERT-base").description == "New card"


def test_rename_to_a_taken_name_shows_at_the_name_field(client, seeded):
    make_model("GPT")
    data = form_values(client, "/models/BERT/edit")
    data["name"] = "gpt"
    response = client.post("/models/BERT/edit", data=data)
    assert response.status_code == 422
    assert page_of(response).field_error("name") == "A model named 'GPT' already exists."


def test_a_stale_model_edit_is_refused_with_409_and_the_current_values(client, seeded):
    data = form_values(client, "/models/BERT/edit")
    update_model("BERT", {"description": "Changed by someone else"})
    data["description"] = "Mine"
    response = client.post("/models/BERT/edit", data=data)
    assert response.status_code == 409
    page = page_of(response)
    assert "Someone else changed this model" in page.all(data_testid="form-errors")[0]["text"]
    assert "Changed by someone else" in page.all(data_testid="current-values")[0]["text"]
    assert get_model("BERT").description == "Changed by someone else"
    # The form now carries the current row version: saving again is a deliberate overwrite.
    retry = client.post("/models/BERT/edit", data=form_values_from(page))
    assert retry.status_code == 303
    assert get_model("BERT").description == "Mine"


def form_values_from(page) -> dict[str, str]:
    """The edit form's name, card and row version as the 409 page sends them back."""
    return {
        "name": page.by_id("name")["attrs"]["value"],
        "description": page.by_id("description")["text"].lstrip("\r\n"),
        "row_version": page.by_id("row_version")["attrs"]["value"],
    }


def test_edit_change_and_remove_model_tags(client, app_context):
    make_model("BERT", tags={"team": "nlp", "task": "fill-mask"})
    data = form_values(client, "/models/BERT/edit")
    assert data["tags"] == "task=fill-mask\nteam=nlp"
    data["tags"] = "team=vision\nowner = ada"
    response = client.post("/models/BERT/edit", data=data)
    assert response.status_code == 303
    assert {tag.key: tag.value for tag in get_model("BERT").tags} == {
        "team": "vision",
        "owner": "ada",
    }
    history = page_of(client.get("/models/BERT/")).all("tr", data_testid="event")
    assert "task" in history[0]["text"] and "fill-mask" in history[0]["text"]
    data = form_values(client, "/models/BERT/edit")
    data["tags"] = ""
    assert client.post("/models/BERT/edit", data=data).status_code == 303
    assert get_model("BERT").tags == []


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("=v", "Tag key is required."),
        ("k=" + "v" * 5001, "Tag 'k' value must be at most 5000 characters."),
        ("just-a-key", "Line 1: write key=value."),
    ],
)
def test_a_bad_model_tag_shows_at_the_tags_field_and_nothing_changes(
    client, app_context, tags, message
):
    make_model("BERT", tags={"team": "nlp"})
    data = {**form_values(client, "/models/BERT/edit"), "name": "BERT-2", "tags": tags}
    response = client.post("/models/BERT/edit", data=data)
    assert response.status_code == 422
    assert message in page_of(response).field_error("tags")
    model = get_model("BERT")
    assert (model.name, {tag.key: tag.value for tag in model.tags}) == ("BERT", {"team": "nlp"})


def test_a_stale_tag_edit_shows_the_current_tags(client, app_context):
    make_model("BERT", tags={"team": "nlp"})
    data = form_values(client, "/models/BERT/edit")
    update_model("BERT", {"tags": {"team": "someone-else"}})
    response = client.post("/models/BERT/edit", data={**data, "tags": "team=mine"})
    assert response.status_code == 409
    assert "team=someone-else" in page_of(response).all(data_testid="current-values")[0]["text"]
    assert page_of(response).by_id("tags")["text"].strip() == "team=mine"
    assert {tag.value for tag in get_model("BERT").tags} == {"someone-else"}


def test_set_move_and_remove_an_alias(client, seeded):
    response = client.post("/models/BERT/aliases", data={"alias": "staging", "version": "2"})
    assert response.status_code == 303
    assert get_version_by_alias("BERT", "staging").version == "2"

    client.post("/models/BERT/aliases", data={"alias": "champion", "version": "2"})
    assert get_version_by_alias("BERT", "champion").version == "2"

    confirm = page_of(client.get("/models/BERT/aliases/champion/delete"))
    assert "champion" in confirm.all(data_testid="confirm-box")[0]["text"]
    response = client.post("/models/BERT/aliases/champion/delete", data={})
    assert response.status_code == 303
    with pytest.raises(NotFound):
        get_version_by_alias("BERT", "champion")
    assert get_version("BERT", "2").version == "2"


@pytest.mark.parametrize(
    ("alias", "message"),
    [("latest", "'latest' alias name (case insensitive) is reserved."), ("a b", "Alias must be")],
)
def test_a_bad_alias_shows_at_the_alias_field(client, seeded, alias, message):
    response = client.post("/models/BERT/aliases", data={"alias": alias, "version": "2"})
    assert response.status_code == 422
    assert message in page_of(response).field_error("alias-name")


def test_delete_a_model_after_confirmation(client, seeded):
    confirm = page_of(client.get("/models/BERT/delete"))
    assert "Name: BERT" in " ".join(confirm.all(data_testid="confirm-box")[0]["text"].split())
    response = client.post("/models/BERT/delete", data=hidden_values(confirm))
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    flash = page_of(client.get("/")).all(data_testid="flash")[0]["text"]
    assert "Deleted model BERT and its versions." in flash
    with pytest.raises(NotFound):
        get_model("BERT")


def test_a_model_changed_since_the_confirmation_is_not_deleted(client, seeded):
    confirm = page_of(client.get("/models/BERT/delete"))
    update_model("BERT", {"description": "changed"})
    response = client.post("/models/BERT/delete", data=hidden_values(confirm))
    assert response.status_code == 409
    assert get_model("BERT").description == "changed"


def test_cancel_leads_back_without_deleting(client, seeded):
    confirm = page_of(client.get("/models/BERT/delete"))
    assert confirm.all("a", data_testid="cancel")[0]["attrs"]["href"] == "/models/BERT/"
