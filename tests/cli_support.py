"""Helpers for the CLI and transfer tests: what a registry holds, and reading tables."""

import re

from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Event
from registry.services.transfer import export_lines


def exported(app) -> list[str]:
    """The registry of ``app`` as its export lines."""
    with app.app_context():
        return list(export_lines())


def event_count(app) -> int:
    """How many history events the registry of ``app`` holds."""
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Event))
        db.session.remove()
        return count


def state(app) -> tuple[list[str], int]:
    """Everything a failed command must leave as it was: the export and the history's size."""
    return exported(app), event_count(app)


def parse_table(output: str) -> list[dict[str, str]]:
    """Read an aligned table: every value must sit under its column's header."""
    header, *rows = output.splitlines()
    columns = [(match.group(), match.start()) for match in re.finditer(r"\S+", header)]
    bounds = [
        (name, start, columns[index + 1][1] if index + 1 < len(columns) else None)
        for index, (name, start) in enumerate(columns)
    ]
    for row in rows:
        assert all(start == 0 or row[start - 1 : start] in ("", " ") for _, start, _ in bounds)
    return [{name: row[start:end].strip() for name, start, end in bounds} for row in rows]
