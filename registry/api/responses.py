"""What API responses look like; the OpenAPI document describes them from these classes."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel


class ResponseShape(BaseModel):
    """A response object: every field is always present, and nothing else is."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class VersionLinks(ResponseShape):
    """Where to find a version and its model."""

    self: str
    model: str


class ModelLinks(ResponseShape):
    """Where to find a model and its versions."""

    self: str
    versions: str


class VersionSummary(ResponseShape):
    """The latest version as a model shows it."""

    id: str = Field(json_schema_extra={"format": "uuid"})
    version: str
    framework: str
    status: str
    stage: str
    created_at: datetime


class Version(ResponseShape):
    """One version of a model."""

    id: str = Field(json_schema_extra={"format": "uuid"}, description="The version's public id.")
    model: str
    version: str
    framework: str
    source: str
    run_id: str
    run_link: str
    status: str
    stage: str
    description: str
    metrics: dict[str, float]
    tags: dict[str, str]
    aliases: list[str]
    created_at: datetime
    updated_at: datetime
    links: VersionLinks


class Model(ResponseShape):
    """A registered model with its tags, aliases and latest (last created) version."""

    name: str
    description: str
    created_at: datetime
    updated_at: datetime
    tags: dict[str, str]
    aliases: dict[str, str] = Field(description="Alias name to version label.")
    latest_version: VersionSummary | None
    links: ModelLinks


class ModelPage(ResponseShape):
    """One page of models; ``next_cursor`` is null on the last page."""

    items: list[Model]
    next_cursor: str | None


class VersionPage(ResponseShape):
    """One page of a model's versions, highest version first; ``next_cursor`` is null on the
    last page."""

    items: list[Version]
    next_cursor: str | None


class Event(ResponseShape):
    """One entry of a model's history."""

    id: int
    at: datetime
    actor: str
    action: str
    model: str
    version: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventPage(ResponseShape):
    """One page of history, newest first; ``next_cursor`` is null on the last page."""

    items: list[Event]
    next_cursor: str | None


class ComparedField(ResponseShape):
    """A field's value in each compared version, in the order asked for."""

    field: str
    values: list[str | float | None]
    differs: bool


class Comparison(ResponseShape):
    """Versions side by side."""

    model: str
    versions: list[Version]
    fields: list[ComparedField]


class Problem(ResponseShape):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str


class FieldProblem(ResponseShape):
    """One failing field and what is wrong with it."""

    field: str
    message: str


class ValidationProblem(Problem):
    """A problem document listing every failing field."""

    errors: list[FieldProblem]


class Health(ResponseShape):
    """The answer of /healthz and /readyz."""

    status: str


class SeedRow(ResponseShape):
    """A row of the original app's API: one version of a model."""

    id: str = Field(json_schema_extra={"format": "uuid"})
    name: str
    version: str
    framework: str
    description: str


class SeedRows(RootModel[list[SeedRow]]):
    """Every row of the original app's API."""


class SeedError(ResponseShape):
    """An error of the original app's API."""

    error: str
