"""Writing checked import records in bulk: per table and batch, one executemany INSERT on
SQLite, one COPY on PostgreSQL."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from ..errors import Conflict
from ..extensions import db
from ..models import (
    TRIGRAM_INDEXES,
    Alias,
    Event,
    Metric,
    ModelTag,
    ModelVersion,
    RegisteredModel,
    VersionTag,
    utcnow,
)
from .transfer_records import ImportedModel
from .unit import current_actor

MODELS: Table = RegisteredModel.__table__  # type: ignore[assignment]
VERSIONS: Table = ModelVersion.__table__  # type: ignore[assignment]
IMPORT_CACHE_KIB = 256 * 1024


def registry_is_empty() -> bool:
    """Say whether the registry holds no model at all (and so no version either)."""
    return db.session.scalar(select(MODELS.c.id).limit(1)) is None


def refuse_existing(batch: Sequence[ImportedModel]) -> None:
    """Refuse the batch when a model name or version id in it is already in the registry.

    :raises Conflict: naming the first line that collides.
    """
    by_key = {model.row["name_key"]: model for model in batch}
    taken = db.session.execute(
        select(MODELS.c.name_key, MODELS.c.name).where(MODELS.c.name_key.in_(by_key))
    ).all()
    if taken:
        key, name = min(taken, key=lambda row: by_key[row[0]].line)
        raise Conflict(f"line {by_key[key].line}: A model named '{name}' already exists.")
    by_id = {version.row["uuid"]: model for model in batch for version in model.versions}
    used = db.session.scalars(select(VERSIONS.c.uuid).where(VERSIONS.c.uuid.in_(by_id))).all()
    if used:
        public_id = min(used, key=lambda value: by_id[value].line)
        raise Conflict(
            f"line {by_id[public_id].line}: A version with id '{public_id}' already exists."
        )


def insert_batch(batch: Sequence[ImportedModel]) -> None:
    """Insert the batch's models with their versions, tags, metrics, aliases and events."""
    versions = []
    for model, model_id in zip(batch, _reserve_ids(MODELS, len(batch)), strict=True):
        model.row["id"] = model_id
        for version in model.versions:
            version.row["model_id"] = model_id
            versions.append(version)
    for version, version_id in zip(versions, _reserve_ids(VERSIONS, len(versions)), strict=True):
        version.row["id"] = version_id
    _insert(MODELS, [model.row for model in batch])
    _insert(VERSIONS, [version.row for version in versions])
    _insert(
        ModelTag.__table__,
        [
            {"model_id": model.row["id"], "key": key, "value": value}
            for model in batch
            for key, value in model.tags.items()
        ],
    )
    for table, attribute in ((Metric.__table__, "metrics"), (VersionTag.__table__, "tags")):
        _insert(
            table,
            [
                {"version_id": version.row["id"], "key": key, "value": value}
                for version in versions
                for key, value in getattr(version, attribute).items()
            ],
        )
    aliases = [
        {"model_id": model.row["id"], "alias": alias, "version_id": model.versions[at].row["id"]}
        for model in batch
        for alias, at in model.aliases.items()
    ]
    _insert(Alias.__table__, aliases)
    now, actor = utcnow(), current_actor()
    _insert(Event.__table__, [_imported_event(model, now, actor) for model in batch])


def _reserve_ids(table: Table, count: int) -> list[int]:
    # Ids are taken up front so that each table takes a batch in one INSERT without RETURNING
    # (SQLite returns generated ids only one row per statement).
    if count == 0:
        return []
    if db.engine.dialect.name == "postgresql":
        ids = db.session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
        return sorted(ids)
    # SQLite: the import's transaction holds the write lock, so no one else takes ids meanwhile.
    last = db.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    return list(range(last + 1, last + 1 + count))


def _insert(table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
    else:
        db.session.execute(insert(table), rows)


def _copy(connection, table: Table, rows: list[dict[str, Any]]) -> None:
    # COPY streams a batch to PostgreSQL in one command: an executemany INSERT cost twice the
    # time, on both sides of the wire. Values go through the columns' own bind processing
    # (JSON, say), as an INSERT's would; every row of a batch has the same keys.
    dialect = connection.dialect
    names = list(rows[0])
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    quote = dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) FROM STDIN"
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [
                        row[name] if process is None else process(row[name])
                        for name, process in zip(names, processors, strict=True)
                    ]
                )
    except dialect.loaded_dbapi.Error as error:
        # SQLAlchemy's error, so that the unit of work answers it as it would an INSERT's.
        raise DBAPIError.instance(
            statement, None, error, dialect.loaded_dbapi.Error, dialect=dialect
        ) from error


def _imported_event(model: ImportedModel, now: datetime, actor: str) -> dict[str, Any]:
    return {
        "at": now,
        "actor": actor,
        "action": "model.imported",
        "model_id": model.row["id"],
        "model_name": model.row["name"],
        "version": None,
        "before": None,
        "after": {
            "name": model.row["name"],
            "description": model.row["description"],
            "versions": [version.row["version"] for version in model.versions],
        },
    }


@contextmanager
def bulk_load() -> Iterator[None]:
    """Set the transaction's connection up to load many rows, for the block."""
    tuning = {"sqlite": _large_cache, "postgresql": _batched_trigrams}.get(db.engine.dialect.name)
    if tuning is None:
        yield
        return
    with tuning(db.session.connection()):
        yield


@contextmanager
def _large_cache(connection) -> Iterator[None]:
    # An import touches far more index pages than SQLite's default 2 MB cache holds; spilling
    # them to the WAL in mid-transaction writes many pages several times.
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={previous}")


@contextmanager
def _batched_trigrams(connection) -> Iterator[None]:
    # The trigram indexes write each row through (migration 0005): a GIN update per row made an
    # import of 100,000 models take 90 s, not 55. For the load they gather the rows in their
    # pending lists and merge them at once at the end, inside the import's transaction (which
    # takes these settings back with everything else if it fails).
    _set_fastupdate(connection, "on")
    yield
    for index in TRIGRAM_INDEXES:
        connection.exec_driver_sql(f"SELECT gin_clean_pending_list('{index}'::regclass)")
    _set_fastupdate(connection, "off")


def _set_fastupdate(connection, value: str) -> None:
    for index in TRIGRAM_INDEXES:
        connection.exec_driver_sql(f"ALTER INDEX {index} SET (fastupdate = {value})")
