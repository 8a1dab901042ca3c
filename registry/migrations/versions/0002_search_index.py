"""Index substring search over model names and descriptions.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UPGRADE = [
    "CREATE VIRTUAL TABLE registered_models_fts USING fts5(name_key, description, "
    "content='registered_models', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER registered_models_fts_insert AFTER INSERT ON registered_models BEGIN "
    "INSERT INTO registered_models_fts(rowid, name_key, description) "
    "VALUES (new.id, new.name_key, new.description); END",
    "CREATE TRIGGER registered_models_fts_delete AFTER DELETE ON registered_models BEGIN "
    "INSERT INTO registered_models_fts(registered_models_fts, rowid, name_key, description) "
    "VALUES ('delete', old.id, old.name_key, old.description); END",
    "CREATE TRIGGER registered_models_fts_update AFTER UPDATE OF name_key, description "
    "ON registered_models BEGIN "
    "INSERT INTO registered_models_fts(registered_models_fts, rowid, name_key, description) "
    "VALUES ('delete', old.id, old.name_key, old.description); "
    "INSERT INTO registered_models_fts(rowid, name_key, description) "
    "VALUES (new.id, new.name_key, new.description); END",
    # Index the rows that existed before this revision.
    "INSERT INTO registered_models_fts(registered_models_fts) VALUES ('rebuild')",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER registered_models_fts_update",
    "DROP TRIGGER registered_models_fts_delete",
    "DROP TRIGGER registered_models_fts_insert",
    "DROP TABLE registered_models_fts",
]
POSTGRESQL_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_registered_models_name_key_trgm ON registered_models "
    "USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX ix_registered_models_description_trgm ON registered_models "
    "USING gin (lower(description) gin_trgm_ops)",
]
POSTGRESQL_DOWNGRADE = [
    "DROP INDEX ix_registered_models_description_trgm",
    "DROP INDEX ix_registered_models_name_key_trgm",
]


def upgrade():
    statements = {"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE}
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    statements = {"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE}
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)
