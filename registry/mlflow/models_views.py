"""Registered-model RPCs: create, get, rename, update, delete, latest versions, tags, aliases."""

from typing import Any

from registry.auth import ADMIN, READ, WRITE, requires
from registry.errors import NotFound
from registry.services import aliases, registered_models, rules, views

from . import entities
from .blueprint import rpc
from .failures import about_model, about_new_name, about_version
from .wire import MlflowError, invalid, request_fields, string, strings, tags


def model_reply(name: str) -> dict[str, Any]:
    """``{"registered_model": ...}`` with the model's highest version of each stage."""
    model, latest = views.model_with_stage_tops(name)
    return {"registered_model": entities.registered_model(model, latest)}


@requires(WRITE)
@rpc("/registered-models/create", "POST")
def create_registered_model() -> dict[str, Any]:
    """Register a new model, with optional description and tags."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    description = string(fields, "description") or ""
    with about_new_name(name):
        model, _ = registered_models.create_model_view(name, description, tags(fields))
    # A new model has no version: no stage has a highest one.
    return {"registered_model": entities.registered_model(model, [])}


@requires(READ)
@rpc("/registered-models/get", "GET")
def get_registered_model() -> dict[str, Any]:
    """Return one model with its latest versions, tags and aliases."""
    name = string(request_fields(), "name", required=True)
    with about_model(name):
        return model_reply(name)


@requires(WRITE)
@rpc("/registered-models/rename", "POST")
def rename_registered_model() -> dict[str, Any]:
    """Rename a model; its versions, tags and aliases follow it."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    new_name = string(fields, "new_name", required=True)
    with about_model(name), about_new_name(new_name):
        model = registered_models.update_model(name, {"name": new_name})
    return model_reply(model.name)


@requires(WRITE)
@rpc("/registered-models/update", "PATCH")
def update_registered_model() -> dict[str, Any]:
    """Set a model's description; like MLflow, an absent description clears it."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    description = string(fields, "description") or ""
    with about_model(name):
        model, latest = registered_models.update_model_view(
            name, {"description": description}, read=views.model_with_stage_tops
        )
    return {"registered_model": entities.registered_model(model, latest)}


@requires(ADMIN)
@rpc("/registered-models/delete", "DELETE")
def delete_registered_model() -> dict[str, Any]:
    """Delete a model with all its versions."""
    name = string(request_fields(), "name", required=True)
    with about_model(name):
        registered_models.delete_model(name)
    return {}


@requires(READ)
@rpc("/registered-models/get-latest-versions", "POST", "GET")
def get_latest_versions() -> dict[str, Any]:
    """Return the highest version of each requested stage (every stage when none is named)."""
    fields = request_fields(repeated=("stages",))
    name = string(fields, "name", required=True)
    stages = {rules.canonical_stage(stage) for stage in strings(fields, "stages")}
    for stage in sorted(stages):
        rules.require("stages", rules.stage_problem(stage))
    with about_model(name):
        _, latest = views.model_with_stage_tops(name)
    found = [version for version in latest if not stages or version.stage in stages]
    body: dict[str, Any] = {}
    entities.put_list(
        body, "model_versions", [entities.model_version(version) for version in found]
    )
    return body


@requires(WRITE)
@rpc("/registered-models/set-tag", "POST")
def set_registered_model_tag() -> dict[str, Any]:
    """Set a tag on a model, replacing its value when the key exists."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    key = string(fields, "key", required=True)
    value = string(fields, "value") or ""
    with about_model(name):
        registered_models.set_model_tag(name, key, value)
    return {}


@requires(ADMIN)
@rpc("/registered-models/delete-tag", "DELETE")
def delete_registered_model_tag() -> dict[str, Any]:
    """Remove a tag from a model; like MLflow, an absent key is not an error."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    key = string(fields, "key", required=True)
    with about_model(name):
        model = views.model_view(name)
    if key in model.tags:
        try:
            registered_models.delete_model_tag(name, key)
        except NotFound:
            pass  # removed meanwhile: the end state is what the caller asked for
    return {}


@requires(WRITE)
@rpc("/registered-models/alias", "POST")
def set_registered_model_alias() -> dict[str, Any]:
    """Point an alias at a version, creating it or moving it."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    alias = string(fields, "alias", required=True)
    version = string(fields, "version", required=True)
    with about_version(name, version):
        aliases.set_alias(name, alias, version)
    return {}


@requires(WRITE)
@rpc("/registered-models/alias", "DELETE")
def delete_registered_model_alias() -> dict[str, Any]:
    """Remove an alias from a model; like MLflow, an absent alias is not an error."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    alias = string(fields, "alias", required=True)
    with about_model(name):
        views.model_view(name)
    try:
        aliases.delete_alias(name, alias)
    except NotFound:
        pass  # no such alias: the end state is what the caller asked for
    return {}


@requires(READ)
@rpc("/registered-models/alias", "GET")
def get_model_version_by_alias() -> dict[str, Any]:
    """Return the version an alias points at; the alias ``latest`` means the highest version."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    alias = string(fields, "alias", required=True)
    if alias.lower() == "latest":
        with about_model(name):
            version = views.highest_version(name)
        if version is None:
            message = f"Latest version not found for model {name}."
            raise MlflowError("RESOURCE_DOES_NOT_EXIST", message)
    else:
        try:
            version = views.version_by_alias(name, alias)
        except NotFound:
            with about_model(name):
                views.model_view(name)  # a missing model is worded apart from a missing alias
            raise invalid(f"Registered model alias {alias} not found.") from None
    return {"model_version": entities.model_version(version)}
