"""The operators' door: `flask` commands, one group per noun, thin over the services."""

from flask import Flask

from . import aliases, backup, demo, models, tokens, transfer, users, versions


def init_app(app: Flask) -> None:
    """Register every command group on the app's CLI."""
    for command in (
        models.group,
        versions.group,
        aliases.group,
        demo.group,
        users.group,
        tokens.group,
        transfer.export_command,
        transfer.import_command,
        backup.backup_command,
    ):
        app.cli.add_command(command)
