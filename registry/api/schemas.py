"""What API requests look like: types, presence and lengths. Every data rule stays in services.

The same classes validate the requests and generate the OpenAPI document, so the two cannot
drift apart. Body lengths are documented from the services' own limits but checked by the
services, so one answer lists every failing field. Only required fields carry ``examples``:
schemathesis 4 takes an example's keys for required ones.
"""

import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..services import rules
from ..services.model_search import MODEL_SORTS

PAGE_LIMIT_MAX = 200
_DIGITS = re.compile(r"[0-9]{1,9}")


class RequestShape(BaseModel):
    """A JSON body: unknown fields are refused and no type is coerced (no "1" for 1)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class QueryShape(BaseModel):
    """Query parameters; unknown parameters are ignored, as browsers and proxies add some."""

    model_config = ConfigDict(extra="ignore", strict=True)


def _whole_number(value: object) -> object:
    # Query values are text: accept plain ASCII digits only, not "1.0", " 1", "+1" or "1_000".
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise PydanticCustomError("whole_number", "must be a whole number")
        return int(value)
    return value


PageLimit = Annotated[
    int,
    Field(ge=1, le=PAGE_LIMIT_MAX, description="How many items to return, 1 to 200."),
    BeforeValidator(_whole_number),
]
Name = Annotated[str, Field(json_schema_extra={"maxLength": rules.NAME_MAX})]
Description = Annotated[
    str,
    Field(json_schema_extra={"maxLength": rules.DESCRIPTION_MAX}, description="Markdown text."),
]
Tags = Annotated[dict[str, str], Field(description='Key to value, e.g. {"owner": "vision"}.')]
Metrics = Annotated[dict[str, float], Field(description='Name to number, e.g. {"accuracy": 0.93}.')]


class VersionFields(RequestShape):
    """The fields of a version that can be set, all optional."""

    source: str = Field(
        default=None,
        json_schema_extra={"maxLength": rules.SOURCE_MAX},
        description="Where the artifact lives: a URI such as s3://bucket/path. Stored, never read.",
    )
    run_id: str = Field(default=None, json_schema_extra={"maxLength": rules.RUN_ID_MAX})
    run_link: str = Field(default=None, json_schema_extra={"maxLength": rules.SOURCE_MAX})
    description: Description = None
    stage: str = Field(
        default=None,
        description="One of None, Staging, Production, Archived (any case).",
    )
    metrics: Metrics = None
    tags: Tags = None


class NewVersion(VersionFields):
    """A version to add; without ``version`` the server numbers it."""

    version: str = Field(
        default=None,
        description="The label, e.g. 1 or 1.0.0; omitted: one more than the highest number.",
    )
    framework: str = Field(description="One of the configured frameworks.", examples=["PyTorch"])


class VersionChanges(VersionFields):
    """Fields of a version to change; ``metrics`` and ``tags`` replace the whole set."""

    framework: str = Field(default=None, description="One of the configured frameworks.")


class NewModel(RequestShape):
    """A model to register, optionally with its first version."""

    name: Name = Field(examples=["resnet-50"])
    description: Description = None
    tags: Tags = None
    first_version: NewVersion = None


class ModelChanges(RequestShape):
    """Fields of a model to change: rename it or edit its description."""

    name: Name = None
    description: Description = None


class AliasTarget(RequestShape):
    """The version an alias points at."""

    version: str = Field(examples=["1"])


class TagValue(RequestShape):
    """The value of a tag."""

    value: str = Field(
        json_schema_extra={"maxLength": rules.TAG_VALUE_MAX}, examples=["vision-team"]
    )


class PageQuery(QueryShape):
    """Keyset paging: a page size and the cursor of the previous page's ``next_cursor``."""

    limit: PageLimit = 50
    cursor: str = Field(
        default=None, max_length=2048, description="The next_cursor of the previous page."
    )


class ModelListQuery(PageQuery):
    """Filters and order of the model list."""

    q: str = Field(
        default=None, max_length=rules.NAME_MAX, description="Text in the name or description."
    )
    framework: str = Field(default=None, description="Models having a version in this framework.")
    tag: list[str] = Field(
        default=None, description="key or key:value; repeat to require several tags."
    )
    alias: str = Field(default=None, description="Models having this alias.")
    sort: str = Field(default="name", json_schema_extra={"enum": list(MODEL_SORTS)})


class CompareQuery(QueryShape):
    """The versions to compare."""

    versions: str = Field(description="Two or more version labels, comma-separated.")


class SeedModel(BaseModel):
    """A row of the original app's API: extra fields are ignored, as that app did."""

    model_config = ConfigDict(extra="ignore", strict=True)

    name: str
    version: str
    framework: str
    description: str = None


class SeedDeleteQuery(QueryShape):
    """Which row of the original app's API to delete."""

    id: str = Field(description="The version's id (a UUID).")
