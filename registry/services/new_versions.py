"""Adding a version to a model: the rows it writes, and the version as a reply shows it."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict
from ..models import ModelVersion, utcnow
from . import events, rules
from .keyed_rows import METRICS, VERSION_TAGS
from .model_rows import ModelRow, change_model
from .unit import execute
from .version_rules import check_new_version_fields, new_version_columns
from .views import VersionView

VERSIONS = ModelVersion.__table__
INSERT_VERSION = insert(VERSIONS)


@dataclass(frozen=True, slots=True)
class AddedVersion:
    """A version just added: its columns, metrics and tags as written."""

    columns: dict[str, Any]
    metrics: dict[str, float]
    tags: dict[str, str]

    def view(self, model_name: str) -> VersionView:
        """Return the version as the views show it: a new version has no alias yet."""
        columns = self.columns
        return VersionView(
            **{field: columns[field] for field in VIEW_COLUMNS},
            model_name=model_name,
            metrics=dict(sorted(self.metrics.items())),
            tags=dict(sorted(self.tags.items())),
            aliases=(),
        )


VIEW_COLUMNS = [
    name for name in VersionView._fields if name not in ("model_name", "metrics", "tags", "aliases")
]


def add_version(model: ModelRow, **fields: Any) -> tuple[ModelRow, AddedVersion]:
    """Add a version to ``model`` inside the caller's transaction.

    The label defaults to one more than the largest integer version the model ever had.

    :returns: the model's row as it is now, and the version added.
    :raises ValidationFailed: a field breaks a rule (every failing field is listed).
    :raises Conflict: the model has that version already.
    """
    checker = rules.Checker()
    check_new_version_fields(checker, fields)
    checker.raise_if_failed()
    columns = new_version_columns(fields, model.next_version)
    label = columns["version"]
    now = utcnow()
    columns.update(
        uuid=str(uuid.uuid4()),
        model_id=model.id,
        status="READY",
        created_at=now,
        updated_at=now,
        row_version=1,
    )
    try:
        columns["id"] = execute(INSERT_VERSION, columns).inserted_primary_key[0]
    except IntegrityError:
        # The unique (model, version) key answers whether the label is taken, in the insert
        # itself rather than a query before it; the transaction is rolled back as it ends.
        raise Conflict(f"Model '{model.name}' already has version '{label}'.") from None
    metrics = {key: float(value) for key, value in (fields.get("metrics") or {}).items()}
    tags = dict(fields.get("tags") or {})
    METRICS.add(columns["id"], metrics)
    VERSION_TAGS.add(columns["id"], tags)
    counter = {}
    if columns["number"] is not None and columns["number"] >= model.next_version:
        counter["next_version"] = columns["number"] + 1
    model = change_model(model, updated_at=now, **counter)
    snapshot = events.new_version_snapshot(columns, metrics, tags)
    events.record("version.created", model, label, after=snapshot)
    return model, AddedVersion(columns, metrics, tags)
