"""Index the list filters that lacked one: aliases by name, and model names as typed (MLflow's
case-sensitive ``name LIKE``) in the substring-search index.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FTS_TRIGGERS = [
    "DROP TRIGGER registered_models_fts_update",
    "DROP TRIGGER registered_models_fts_delete",
    "DROP TRIGGER registered_models_fts_insert",
    "DROP TABLE registered_models_fts",
]


def _fts(columns: list[str]) -> list[str]:
    """The FTS5 table over ``columns`` of registered_models, its triggers, and its rebuild."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        f"CREATE VIRTUAL TABLE registered_models_fts USING fts5({names}, "
        "content='registered_models', content_rowid='id', tokenize='trigram')",
        "CREATE TRIGGER registered_models_fts_insert AFTER INSERT ON registered_models BEGIN "
        f"INSERT INTO registered_models_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER registered_models_fts_delete AFTER DELETE ON registered_models BEGIN "
        f"INSERT INTO registered_models_fts(registered_models_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER registered_models_fts_update AFTER UPDATE OF {names} "
        "ON registered_models BEGIN "
        f"INSERT INTO registered_models_fts(registered_models_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO registered_models_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "INSERT INTO registered_models_fts(registered_models_fts) VALUES ('rebuild')",
    ]


def upgrade():
    op.create_index("ix_aliases_alias_model_id", "aliases", ["alias", "model_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in FTS_TRIGGERS + _fts(["name_key", "description", "name"]):
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_registered_models_name_trgm ON registered_models "
            "USING gin (name gin_trgm_ops)"
        )


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in FTS_TRIGGERS + _fts(["name_key", "description"]):
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX ix_registered_models_name_trgm")
    op.drop_index("ix_aliases_alias_model_id", "aliases")
