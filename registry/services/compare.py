"""Side-by-side comparison of versions of one model."""

from dataclasses import dataclass

from ..errors import ValidationFailed
from ..models import ModelVersion
from .lookup import get_version


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
    versions = [get_version(model_name, label) for label in labels]
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
