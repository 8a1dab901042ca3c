"""Text no database can hold or compare (NUL, a lone surrogate) finds nothing, never a 500.

JSON bodies may spell a lone surrogate ("\\udcff") and the CLI's arguments carry one for every
byte that is not UTF-8; both reach the services' lookups as they are.
"""

import base64
import json

import pytest

from registry.errors import InvalidCursor, NotFound, ValidationFailed
from registry.services import (
    aliases,
    authentication,
    lookup,
    model_search,
    registered_models,
    tokens,
    users,
    versions,
)

UNSTORABLE = ["bad\x00name", "bad\udcffname"]


@pytest.fixture
def resnet(app_context):
    registered_models.create_model("resnet", first_version={"framework": "PyTorch"})
    aliases.set_alias("resnet", "champion", "1")


@pytest.mark.parametrize("text", UNSTORABLE)
def test_lookups_by_unstorable_text_find_nothing(resnet, text):
    with pytest.raises(NotFound):
        lookup.get_model(text)
    with pytest.raises(NotFound):
        lookup.get_version("resnet", text)
    with pytest.raises(NotFound):
        aliases.get_version_by_alias("resnet", text)
    with pytest.raises(NotFound):
        aliases.delete_alias("resnet", text)
    with pytest.raises(NotFound):
        versions.get_version_by_uuid(text)
    with pytest.raises(NotFound):
        versions.create_version(text, framework="PyTorch")
    with pytest.raises(NotFound):
        users.get_user(text)
    assert authentication.authenticate_password(text, "a-long-password-1") is None


def test_a_password_or_token_label_with_a_lone_surrogate_is_refused(app_context):
    with pytest.raises(ValidationFailed) as refused:
        users.create_user("ana", "editor", "a-long-password-\udcff")
    assert [field for field, _ in refused.value.fields] == ["password"]
    users.create_user("ana", "editor", "a-long-password-1")
    assert authentication.authenticate_password("ana", "a-long-password-\udcff") is None
    with pytest.raises(ValidationFailed) as refused:
        tokens.create_token("ana", "viewer", label="ci \udcff")
    assert [field for field, _ in refused.value.fields] == ["label"]


def test_a_cursor_forged_with_a_lone_surrogate_is_invalid(app_context):
    for name in ("a", "b"):
        registered_models.create_model(name)
    cursor = model_search.list_models(limit=1).next_cursor
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    payload["k"][0] = "\udcff"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    with pytest.raises(InvalidCursor):
        model_search.list_models(limit=1, cursor=forged)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("DELETE", "/api/2.0/mlflow/registered-models/delete", {"name": "x\udcff"}),
        ("POST", "/api/models", {"name": "x\udcff", "version": "1", "framework": "PyTorch"}),
    ],
)
def test_a_door_answers_a_lone_surrogate_without_a_500(client, admin, method, path, body):
    # json.dumps writes the lone surrogate as the escape "\udcff", as any JSON client may.
    response = client.open(
        path,
        method=method,
        data=json.dumps(body),
        headers=admin.bearer,
        content_type="application/json",
    )
    assert response.status_code in (400, 404, 422)
