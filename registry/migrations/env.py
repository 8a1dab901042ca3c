"""Alembic environment: migrate the app's own engine and metadata."""

import logging

from alembic import context
from flask import current_app

from registry.models import is_search_index_object

config = context.config
logger = logging.getLogger("alembic.env")


def get_engine():
    """Return the app's engine, the one the migrations run on."""
    # Flask-SQLAlchemy 3.1 deprecates db.get_engine(); the engine property is the same engine.
    return current_app.extensions["migrate"].db.engine


def get_metadata():
    """Return the app's table metadata, which autogenerate compares the database with."""
    return current_app.extensions["migrate"].db.metadata


def include_object(_object, name, _type, _reflected, _compare_to):
    """Leave the search index's objects out: they live outside the ORM metadata."""
    return not is_search_index_object(name)


def run_migrations_offline():
    """Write the migrations' SQL out instead of running it (``flask db upgrade --sql``)."""
    context.configure(
        url=get_engine().url.render_as_string(hide_password=False),
        target_metadata=get_metadata(),
        include_object=include_object,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on a connection of the app's engine."""

    def skip_empty_revisions(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_revisions)
    # Batch mode lets SQLite alter tables (it rebuilds them, keeping every row).
    conf_args.setdefault("render_as_batch", True)
    conf_args.setdefault("include_object", include_object)
    with get_engine().connect() as connection:
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
