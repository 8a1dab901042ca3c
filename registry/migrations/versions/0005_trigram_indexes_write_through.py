"""PostgreSQL: the trigram indexes take each write at once (fastupdate off).

With GIN's default fast update, new and changed names and descriptions wait in a pending list
that every substring search reads in full until (auto)vacuum merges it: after a few thousand
registrations a search paged to its end took 50 ms a page instead of 10. Writing through costs
each registration a little more; a search stays as fast as the index.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TRIGRAM_INDEXES = [
    "ix_registered_models_name_key_trgm",
    "ix_registered_models_description_trgm",
    "ix_registered_models_name_trgm",
]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in TRIGRAM_INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        # What waits in the pending list moves into the index now, not at the next vacuum.
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in TRIGRAM_INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
