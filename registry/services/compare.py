"""Side-by-side comparison of versions of one model."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import ValidationFailed
from ..extensions import db
from ..models import ModelVersion, RegisteredModel
from .lookup import can_match, get_model, no_such_version


@dataclass(frozen=True)
class ComparedField:
    """One row of a comparison: a field's value in each version, and whether they differ."""

    field: str
    values: list[str | float | None]
    differs: bool


@dataclass(frozen=True)
class Comparison:
    """The compared versions, in the order asked for, and one row per field."""

    versions: list[ModelVersion]
    rows: list[ComparedField]


def compare_versions(model_name: str, labels: list[str]) -> Comparison:
    """Compare framework, stage, source, run, metrics and tags of two or more versions.

    :raises ValidationFailed: fewer than two distinct versions were named.
    :raises NotFound: the model or one of the versions does not exist.
    """
    labels = list(dict.fromkeys(label.strip() for label in labels if label.strip()))
    if len(labels) < 2:
        raise ValidationFailed([("versions", "Name at least two different versions to compare.")])
    versions = _versions_in_order(get_model(model_name), labels)
    fields: list[tuple[str, list]] = [
        (name, [getattr(version, name) for version in versions])
        for name in ("framework", "stage", "source", "run_id", "created_at")
    ]
    for prefix, attribute in (("metric", "metrics"), ("tag", "tags")):
        keys = sorted({row.key for version in versions for row in getattr(version, attribute)})
        for key in keys:
            values = [
                next((row.value for row in getattr(version, attribute) if row.key == key), None)
                for version in versions
            ]
            fields.append((f"{prefix}:{key}", values))
    rows = [
        ComparedField(name, values, len({repr(v) for v in values}) > 1) for name, values in fields
    ]
    return Comparison(versions, rows)


def _versions_in_order(model: RegisteredModel, labels: list[str]) -> list[ModelVersion]:
    # One query for every version named, however many: not one lookup per label.
    statement = (
        select(ModelVersion)
        .where(
            ModelVersion.model_id == model.id,
            ModelVersion.version.in_([label for label in labels if can_match(label)]),
        )
        .options(selectinload(ModelVersion.metrics), selectinload(ModelVersion.tags))
    )
    found = {version.version: version for version in db.session.scalars(statement)}
    missing = [label for label in labels if label not in found]
    if missing:
        raise no_such_version(model, missing[0])
    return [found[label] for label in labels]
