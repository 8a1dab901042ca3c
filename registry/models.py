"""ORM classes: the registry's tables. No commits, no requests, no URLs here."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """Return the time now in UTC, without a zone: SQLite and PostgreSQL store it alike."""
    return datetime.now(UTC).replace(tzinfo=None)


class RegisteredModel(db.Model):
    """A named model ("resnet-50"): its model card, tags, aliases and versions."""

    __tablename__ = "registered_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    # NFKC + casefold of the name: the unique key, so "BERT" and "bert" are one model.
    name_key: Mapped[str] = mapped_column(String(256), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # One more than the largest integer version ever held: numbers are never reused.
    next_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    row_version: Mapped[int] = mapped_column(default=1)

    versions: Mapped[list[ModelVersion]] = relationship(
        back_populates="model",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ModelVersion.id",
    )
    tags: Mapped[list[ModelTag]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ModelTag.key"
    )
    aliases: Mapped[list[Alias]] = relationship(
        back_populates="model",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Alias.alias",
    )

    __mapper_args__ = {"version_id_col": row_version}


class ModelVersion(db.Model):
    """One trained artifact of a model, labelled uniquely within it ("3", "1.0.0")."""

    __tablename__ = "model_versions"
    __table_args__ = (
        UniqueConstraint("model_id", "version"),
        Index("ix_model_versions_model_id_sort_key", "model_id", "sort_key"),
        Index("ix_model_versions_framework_model_id", "framework", "model_id"),
        # A model's latest version, and its highest of each stage, found in one index probe
        # each however many versions it has (services.view_queries; PostgreSQL reads a page
        # of models' stage tops along the second: StageTops).
        Index("ix_model_versions_model_id_id", "model_id", "id"),
        Index("ix_model_versions_model_id_stage_sort_key", "model_id", "stage", "sort_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    model_id: Mapped[int] = mapped_column(ForeignKey("registered_models.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(64))
    # The label's integer value when it has one (MLflow's version_number), else NULL.
    number: Mapped[int | None] = mapped_column(index=True)
    # The label with numeric parts zero-padded, so "1.10.0" sorts after "1.9.0" in SQL.
    sort_key: Mapped[str] = mapped_column(String(400))
    framework: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(1024), default="")
    run_id: Mapped[str] = mapped_column(String(64), default="")
    run_link: Mapped[str] = mapped_column(String(1024), default="")
    status: Mapped[str] = mapped_column(String(32), default="READY")
    stage: Mapped[str] = mapped_column(String(16), default="None")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    row_version: Mapped[int] = mapped_column(default=1)

    model: Mapped[RegisteredModel] = relationship(back_populates="versions")
    tags: Mapped[list[VersionTag]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="VersionTag.key"
    )
    metrics: Mapped[list[Metric]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Metric.key"
    )
    aliases: Mapped[list[Alias]] = relationship(
        back_populates="version", order_by="Alias.alias", viewonly=True
    )

    __mapper_args__ = {"version_id_col": row_version}


class ModelTag(db.Model):
    """A key/value tag of a registered model."""

    __tablename__ = "model_tags"
    __table_args__ = (
        UniqueConstraint("model_id", "key"),
        Index("ix_model_tags_key_value", "key", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("registered_models.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(250))
    value: Mapped[str] = mapped_column(Text, default="")


class VersionTag(db.Model):
    """A key/value tag of a model version."""

    __tablename__ = "version_tags"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(250))
    value: Mapped[str] = mapped_column(Text, default="")


class Metric(db.Model):
    """A named score of a model version (a finite float)."""

    __tablename__ = "metrics"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(250))
    value: Mapped[float]


class Alias(db.Model):
    """A name ("champion") unique within a model, pointing at one of its versions."""

    __tablename__ = "aliases"
    __table_args__ = (
        UniqueConstraint("model_id", "alias"),
        # Serves "models having alias X" from the alias side (a list filter).
        Index("ix_aliases_alias_model_id", "alias", "model_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("registered_models.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(255))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("model_versions.id", ondelete="CASCADE"), index=True
    )

    model: Mapped[RegisteredModel] = relationship(back_populates="aliases")
    version: Mapped[ModelVersion] = relationship(back_populates="aliases")


class Event(db.Model):
    """One entry of a model's audit history: who did what, when, with before and after."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_model_id_id", "model_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(64))
    # The model is kept by name as well: the history outlives a deleted model's row.
    model_id: Mapped[int | None] = mapped_column(
        ForeignKey("registered_models.id", ondelete="SET NULL")
    )
    model_name: Mapped[str] = mapped_column(String(256))
    version: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# Substring search over names and descriptions is served by an index, never a full scan:
# SQLite keeps an FTS5 trigram table in step with triggers, PostgreSQL uses pg_trgm GIN
# indexes. They live outside the ORM metadata; migrations 0002 and 0003 create them on existing
# databases and these DDL hooks create them wherever create_all builds the tables.
SEARCH_INDEX_DDL = {
    "sqlite": [
        # name_key and description serve the text search (q); name, as typed, serves MLflow's
        # case-sensitive name LIKE, whose matches a normalised name_key could miss.
        "CREATE VIRTUAL TABLE registered_models_fts USING fts5(name_key, description, name, "
        "content='registered_models', content_rowid='id', tokenize='trigram')",
        "CREATE TRIGGER registered_models_fts_insert AFTER INSERT ON registered_models BEGIN "
        "INSERT INTO registered_models_fts(rowid, name_key, description, name) "
        "VALUES (new.id, new.name_key, new.description, new.name); END",
        "CREATE TRIGGER registered_models_fts_delete AFTER DELETE ON registered_models BEGIN "
        "INSERT INTO registered_models_fts(registered_models_fts, rowid, name_key, description, "
        "name) VALUES ('delete', old.id, old.name_key, old.description, old.name); END",
        "CREATE TRIGGER registered_models_fts_update AFTER UPDATE OF name_key, description, name "
        "ON registered_models BEGIN "
        "INSERT INTO registered_models_fts(registered_models_fts, rowid, name_key, description, "
        "name) VALUES ('delete', old.id, old.name_key, old.description, old.name); "
        "INSERT INTO registered_models_fts(rowid, name_key, description, name) "
        "VALUES (new.id, new.name_key, new.description, new.name); END",
    ],
    # fastupdate off: a search reads no pending list of recent writes (migration 0005).
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX ix_registered_models_name_key_trgm ON registered_models "
        "USING gin (name_key gin_trgm_ops) WITH (fastupdate = off)",
        "CREATE INDEX ix_registered_models_description_trgm ON registered_models "
        "USING gin (lower(description) gin_trgm_ops) WITH (fastupdate = off)",
        "CREATE INDEX ix_registered_models_name_trgm ON registered_models "
        "USING gin (name gin_trgm_ops) WITH (fastupdate = off)",
    ],
}


TRIGRAM_INDEXES = (
    "ix_registered_models_name_key_trgm",
    "ix_registered_models_description_trgm",
    "ix_registered_models_name_trgm",
)


def is_search_index_object(name: str | None) -> bool:
    """Say whether a schema object belongs to the search index (autogenerate leaves it be)."""
    return bool(name) and (name.startswith("registered_models_fts") or name.endswith("_trgm"))


for _dialect, _statements in SEARCH_INDEX_DDL.items():
    for _statement in _statements:
        event.listen(
            RegisteredModel.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
event.listen(
    RegisteredModel.__table__,
    "before_drop",
    DDL("DROP TABLE IF EXISTS registered_models_fts").execute_if(dialect="sqlite"),
)


class User(db.Model):
    """An account: signs in on the web with a password, or calls the APIs with its tokens."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    # Lower-cased username: the unique key, so "Alice" and "alice" are one account.
    username_key: Mapped[str] = mapped_column(String(64), unique=True)
    # Empty for an account that signs in with tokens only.
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(default=False)
    # Every session carries the epoch it was signed in at; bumping it ends them all at once.
    session_epoch: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(db.Model):
    """A bearer token of a user; only its SHA-256 is stored, the secret is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The secret's first characters: enough to tell tokens apart, useless to an attacker.
    prefix: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class AccountEvent(db.Model):
    """One entry of the accounts' audit history: who changed which user or token, when."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
