"""Export and import of the whole registry as JSON Lines: one model per line.

Models come in creation order, so an export imported elsewhere exports identically. A line
holds a model with its description, tags, aliases ({alias: version}), timestamps,
``next_version`` (so numbers are never reused after an import) and its versions in creation
order, each with its public ``id``, label, framework, source, run, status, stage,
description, metrics, tags and timestamps. Timestamps are ISO 8601 in UTC.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import select

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Alias, Metric, ModelTag, ModelVersion, RegisteredModel, VersionTag
from .transfer_records import ImportedModel, read_model
from .transfer_store import bulk_load, insert_batch, refuse_existing, registry_is_empty
from .unit import atomic, snapshot

EXPORT_BATCH = 500
IMPORT_BATCH = 2000
MODEL_COLUMNS = (
    "id",
    "name",
    "description",
    "next_version",
    "created_at",
    "updated_at",
)
VERSION_COLUMNS = (
    "version",
    "uuid",
    "framework",
    "stage",
    "status",
    "source",
    "run_id",
    "run_link",
    "description",
    "created_at",
    "updated_at",
)


def export_lines() -> Iterator[str]:
    """Yield the registry as JSON Lines (without newlines), one model per line, oldest first.

    Every line comes from one consistent snapshot of the database.
    """
    with snapshot():
        after = 0
        while True:
            statement = select(*_columns(RegisteredModel, MODEL_COLUMNS))
            statement = statement.where(RegisteredModel.id > after).order_by(RegisteredModel.id)
            models = db.session.execute(statement.limit(EXPORT_BATCH)).mappings().all()
            if not models:
                return
            for record in _export_records(models):
                yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            after = models[-1]["id"]


def import_lines(
    lines: Iterable[str | bytes], progress: Callable[[int], None] | None = None
) -> int:
    """Import JSON Lines models into the registry, all or nothing; return how many were added.

    Blank lines are skipped. ``progress`` is called with the number of models of each batch.

    :raises ValidationFailed: a line breaks a rule (fields are named ``line N: field``).
    :raises Conflict: a model or version id exists already, or appears twice in the input.
    """
    imported = 0
    names: dict[str, int] = {}
    public_ids: dict[str, int] = {}
    with atomic(), bulk_load():
        # Into an empty registry, the input can only collide with itself.
        was_empty = registry_is_empty()
        for batch in _batches(_read_models(lines), IMPORT_BATCH):
            _refuse_repeats(batch, names, public_ids)
            if not was_empty:
                refuse_existing(batch)
            insert_batch(batch)
            imported += len(batch)
            if progress is not None:
                progress(len(batch))
    return imported


def _read_models(lines: Iterable[str | bytes]) -> Iterator[ImportedModel]:
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                # A byte-order mark may open the file; nowhere else.
                raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise ValidationFailed([(f"line {number}", "Not valid UTF-8 text.")]) from None
        if raw.strip():
            yield read_model(number, raw)


def _batches(models: Iterator[ImportedModel], size: int) -> Iterator[list[ImportedModel]]:
    batch: list[ImportedModel] = []
    for model in models:
        batch.append(model)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _refuse_repeats(
    batch: Sequence[ImportedModel], names: dict[str, int], public_ids: dict[str, int]
) -> None:
    for model in batch:
        first = names.setdefault(model.row["name_key"], model.line)
        if first != model.line:
            raise Conflict(
                f"line {model.line}: The model '{model.row['name']}' is on line {first} already."
            )
        for version in model.versions:
            first = public_ids.setdefault(version.row["uuid"], model.line)
            if first != model.line:
                raise Conflict(
                    f"line {model.line}: The version id '{version.row['uuid']}' is on line "
                    f"{first} already."
                )


def _export_records(models: Sequence[Any]) -> Iterator[dict[str, Any]]:
    model_ids = [model["id"] for model in models]
    versions = _grouped(
        select(ModelVersion.model_id, ModelVersion.id, *_columns(ModelVersion, VERSION_COLUMNS))
        .where(ModelVersion.model_id.in_(model_ids))
        .order_by(ModelVersion.model_id, ModelVersion.id)
    )
    version_ids = [row["id"] for rows in versions.values() for row in rows]
    metrics = _pairs(Metric, Metric.version_id, version_ids)
    version_tags = _pairs(VersionTag, VersionTag.version_id, version_ids)
    model_tags = _pairs(ModelTag, ModelTag.model_id, model_ids)
    aliases = _grouped(
        select(Alias.model_id, Alias.alias.label("key"), ModelVersion.version.label("value"))
        .join(ModelVersion, Alias.version_id == ModelVersion.id)
        .where(Alias.model_id.in_(model_ids))
        .order_by(Alias.model_id, Alias.alias)
    )
    for model in models:
        yield {
            "name": model["name"],
            "description": model["description"],
            "created_at": _iso(model["created_at"]),
            "updated_at": _iso(model["updated_at"]),
            "next_version": model["next_version"],
            "tags": model_tags.get(model["id"], {}),
            "aliases": {row["key"]: row["value"] for row in aliases.get(model["id"], [])},
            "versions": [
                _version_record(row, metrics.get(row["id"], {}), version_tags.get(row["id"], {}))
                for row in versions.get(model["id"], [])
            ],
        }


def _columns(entity, names: Sequence[str]) -> list:
    return [getattr(entity, name) for name in names]


def _version_record(row: dict[str, Any], metrics: dict, tags: dict) -> dict[str, Any]:
    record = {name: row[name] for name in VERSION_COLUMNS}
    return {
        "version": record.pop("version"),
        "id": record.pop("uuid"),
        **record,
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
        "metrics": metrics,
        "tags": tags,
    }


def _grouped(statement) -> dict[int, list[dict[str, Any]]]:
    rows = db.session.execute(statement).mappings()
    return {owner: list(group) for owner, group in groupby(rows, key=itemgetter("model_id"))}


def _pairs(table, owner_column, owner_ids: list[int]) -> dict[int, dict[str, Any]]:
    statement = (
        select(owner_column.label("owner"), table.key, table.value)
        .where(owner_column.in_(owner_ids))
        .order_by(owner_column, table.key)
    )
    pairs: dict[int, dict[str, Any]] = {}
    for owner, key, value in db.session.execute(statement):
        pairs.setdefault(owner, {})[key] = value
    return pairs


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"
