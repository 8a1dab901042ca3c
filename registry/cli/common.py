"""What every command shares: acting as "cli", errors on stderr, KEY=VALUE options, tables."""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import click

from ..errors import RegistryError, ValidationFailed
from ..services.unit import acting_as

# Terminal control characters in stored text must not drive the operator's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@contextmanager
def service_call() -> Iterator[None]:
    """Run the block as the "cli" actor; turn a service's error into stderr and exit code 1."""
    with acting_as("cli"):
        try:
            yield
        except ValidationFailed as exc:
            for field, message in exc.fields:
                click.echo(f"Error: {field}: {message}", err=True)
            raise click.exceptions.Exit(1) from None
        except RegistryError as exc:
            raise click.ClickException(exc.message) from None


def key_values(_ctx, _param, values: Sequence[str]) -> dict[str, str]:
    """Turn repeated KEY=VALUE options into a dict (a click callback)."""
    pairs: dict[str, str] = {}
    for item in values:
        key, separator, value = item.partition("=")
        if not separator:
            raise click.BadParameter(f"'{item}' is not KEY=VALUE.")
        if key in pairs:
            raise click.BadParameter(f"'{key}' is given twice.")
        pairs[key] = value
    return pairs


def metric_values(ctx, param, values: Sequence[str]) -> dict[str, float | str]:
    """Turn repeated NAME=NUMBER options into a dict; the services judge what is not a number."""
    return {key: _number_or_text(value) for key, value in key_values(ctx, param, values).items()}


def _number_or_text(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value


def printable(value: object) -> str:
    """Show a stored value on a terminal, with control characters spelled out."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", str(value))


def one_line(value: object) -> str:
    """Show a stored value on one terminal line."""
    return printable(str(value).replace("\r", " ").replace("\n", " ").replace("\t", " "))


def moment(value: datetime) -> str:
    """Show a stored (UTC) timestamp to the minute."""
    return value.strftime("%Y-%m-%d %H:%M")


def pairs_text(pairs: dict[str, object], separator: str = "=") -> str:
    """Show a mapping such as tags or metrics as ``k=v k2=v2``."""
    return " ".join(f"{key}{separator}{value}" for key, value in pairs.items())


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows under headers, every column aligned."""
    cells = [list(headers)] + [[one_line(cell) for cell in row] for row in rows]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]
    for row in cells:
        padded = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(padded).rstrip())


def echo_fields(fields: Sequence[tuple[str, object]]) -> None:
    """Print ``label: value`` lines with the values aligned."""
    width = max(len(label) for label, _ in fields) + 1
    for label, value in fields:
        click.echo(f"{label + ':':<{width}}  {one_line(value)}")
