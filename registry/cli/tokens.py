"""`flask tokens ...`: create API tokens (the secret is printed once), list and revoke them."""

import re
from datetime import timedelta

import click
from flask.cli import AppGroup

from ..services.account_rules import ROLES
from ..services.tokens import create_token, list_tokens, revoke_token, token_state
from .common import echo_table, moment, service_call

group = AppGroup("tokens", help="API tokens for scripts, CI and the mlflow client.")
_DURATION = re.compile(r"(\d{1,6})([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_lifetime(_ctx, _param, value: str | None) -> timedelta | None:
    """Read 90s, 30m, 12h or 30d as a lifetime (a click callback); none: never expires."""
    if value is None:
        return None
    match = _DURATION.fullmatch(value.strip())
    if not match:
        raise click.BadParameter(f"'{value}' is not a duration such as 90s, 30m, 12h or 30d.")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@group.command("create")
@click.option("--user", "username", required=True, help="Whose token it is.")
@click.option("--role", type=click.Choice(ROLES), required=True, help="At most the user's.")
@click.option("--expires", callback=parse_lifetime, help="90s, 30m, 12h or 30d; default: never.")
@click.option("--label", default="", help="What the token is for.")
def create_command(username: str, role: str, expires: timedelta | None, label: str) -> None:
    """Create a token and print its secret, once, alone on stdout (details go to stderr)."""
    with service_call():
        token, secret = create_token(username, role, label, expires)
    expiry = moment(token.expires_at) + " UTC" if token.expires_at else "never"
    click.echo(
        f"Token {token.id} ({token.prefix}…) for '{username}', role {token.role}, "
        f"expires {expiry}. It is shown this once:",
        err=True,
    )
    click.echo(secret)


@group.command("list")
@click.option("--user", "username", default=None, help="Only this user's tokens.")
def list_command(username: str | None) -> None:
    """List tokens (never their secrets), newest first."""
    with service_call():
        tokens = list_tokens(username)
        rows = [
            (
                t.id,
                t.user.username,
                f"{t.prefix}…",
                t.label or "-",
                t.role,
                token_state(t),
                moment(t.expires_at) if t.expires_at else "never",
                moment(t.last_used_at) if t.last_used_at else "never",
            )
            for t in tokens
        ]
    headers = ("ID", "USER", "TOKEN", "LABEL", "ROLE", "STATE", "EXPIRES", "LAST_USED")
    echo_table(headers, rows)


@group.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke the token TOKEN_ID at once."""
    with service_call():
        token = revoke_token(token_id)
    click.echo(f"Revoked token {token.id} ({token.prefix}…) of '{token.user.username}'.")
