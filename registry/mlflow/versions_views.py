"""Model-version RPCs: create, get, update, stage, delete, download URI and tags."""

from typing import Any
from urllib.parse import unquote, urlsplit

from registry.auth import ADMIN, READ, WRITE, requires
from registry.errors import NotFound
from registry.services import rules, versions, views
from registry.services.version_tags import delete_version_tag, set_version_tag

from . import entities
from .blueprint import rpc
from .failures import about_model, about_version
from .wire import boolean, invalid, request_fields, string, tags

# A version's framework comes from this tag when the client gives it.
FRAMEWORK_TAG = "framework"
DEFAULT_FRAMEWORK = "Other"


def version_reply(name: str, version: str) -> dict[str, Any]:
    """``{"model_version": ...}`` for version ``version`` of model ``name`` as it is now."""
    return {"model_version": entities.model_version(views.version_view(name, version))}


def name_and_version(fields: dict[str, Any]) -> tuple[str, str]:
    """The required ``name`` and ``version`` fields of a version RPC."""
    return string(fields, "name", required=True), string(fields, "version", required=True)


@requires(WRITE)
@rpc("/model-versions/create", "POST")
def create_model_version() -> dict[str, Any]:
    """Add the next version to a model; the source URI is stored, never opened."""
    fields = request_fields()
    name = string(fields, "name", required=True)
    source = resolve_source(string(fields, "source", required=True))
    version_tags = tags(fields)
    with about_model(name):
        version = versions.create_version_view(
            name,
            framework=version_tags.get(FRAMEWORK_TAG, DEFAULT_FRAMEWORK),
            source=source,
            run_id=string(fields, "run_id") or "",
            run_link=string(fields, "run_link") or "",
            description=string(fields, "description") or "",
            tags=version_tags,
        )
    return {"model_version": entities.model_version(version)}


def resolve_source(source: str) -> str:
    """The storage location for ``source``: a ``models:/name/version`` (or ``@alias``) URI
    resolves to that version's source, as MLflow does; other URIs are kept as given."""
    # The service checks the URI it stores; the one given must obey the URI policy too.
    rules.require("source", rules.source_problem(source))
    parts = urlsplit(source)
    if parts.scheme.lower() != "models":
        return source
    segments = [unquote(segment) for segment in parts.path.lstrip("/").split("/")]
    try:
        if parts.netloc == "" and len(segments) == 2 and all(segments):
            return views.version_view(segments[0], segments[1]).source
        if parts.netloc == "" and len(segments) == 1 and "@" in segments[0]:
            name, alias = segments[0].rsplit("@", 1)
            return views.version_by_alias(name, alias).source
    except NotFound as error:
        raise invalid(
            f"Unable to fetch model from model URI source artifact location '{source}'. "
            f"Error: {error.message}"
        ) from None
    raise invalid(
        f"Unable to fetch model from model URI source artifact location '{source}'. "
        "Use models:/<name>/<version> or models:/<name>@<alias>."
    )


@requires(READ)
@rpc("/model-versions/get", "GET")
def get_model_version() -> dict[str, Any]:
    """Return one version with its tags and aliases."""
    name, version = name_and_version(request_fields())
    with about_version(name, version):
        return version_reply(name, version)


@requires(WRITE)
@rpc("/model-versions/update", "PATCH")
def update_model_version() -> dict[str, Any]:
    """Set a version's description; like MLflow, an absent description clears it."""
    fields = request_fields()
    name, version = name_and_version(fields)
    description = string(fields, "description") or ""
    with about_version(name, version):
        found = versions.update_version(name, version, {"description": description})
    return version_reply(found.model.name, found.version)


@requires(WRITE)
@rpc("/model-versions/transition-stage", "POST")
def transition_model_version_stage() -> dict[str, Any]:
    """Move a version to a stage, optionally archiving the others in that stage."""
    fields = request_fields()
    name, version = name_and_version(fields)
    stage = string(fields, "stage", required=True)
    archive = boolean(fields, "archive_existing_versions")
    with about_version(name, version):
        found = versions.transition_stage(name, version, stage, archive)
    return version_reply(found.model.name, found.version)


@requires(ADMIN)
@rpc("/model-versions/delete", "DELETE")
def delete_model_version() -> dict[str, Any]:
    """Delete a version; aliases pointing at it go with it."""
    name, version = name_and_version(request_fields())
    with about_version(name, version):
        versions.delete_version(name, version)
    return {}


@requires(READ)
@rpc("/model-versions/get-download-uri", "GET")
def get_model_version_download_uri() -> dict[str, Any]:
    """Return where the version's artifacts live (its source URI)."""
    name, version = name_and_version(request_fields())
    with about_version(name, version):
        found = views.version_view(name, version)
    return {"artifact_uri": found.source}


@requires(WRITE)
@rpc("/model-versions/set-tag", "POST")
def set_model_version_tag() -> dict[str, Any]:
    """Set a tag on a version, replacing its value when the key exists."""
    fields = request_fields()
    name, version = name_and_version(fields)
    key = string(fields, "key", required=True)
    value = string(fields, "value") or ""
    with about_version(name, version):
        set_version_tag(name, version, key, value)
    return {}


@requires(ADMIN)
@rpc("/model-versions/delete-tag", "DELETE")
def delete_model_version_tag() -> dict[str, Any]:
    """Remove a tag from a version; like MLflow, an absent key is not an error."""
    fields = request_fields()
    name, version = name_and_version(fields)
    key = string(fields, "key", required=True)
    with about_version(name, version):
        found = views.version_view(name, version)
    if key in found.tags:
        try:
            delete_version_tag(name, version, key)
        except NotFound:
            pass  # removed meanwhile: the end state is what the caller asked for
    return {}
