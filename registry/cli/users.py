"""`flask users ...`: create users, list them, change roles, disable and enable, passwords.

There is no default account: the first admin is made with `flask users create NAME --role
admin`. `ensure-demo-admin` makes one with a random password, for a local demo only.
"""

import click
from flask import current_app
from flask.cli import AppGroup

from ..services.account_history import list_account_events
from ..services.account_rules import ROLES
from ..services.users import (
    change_password,
    count_users,
    create_user,
    generate_password,
    list_users,
    set_disabled,
    set_role,
)
from .common import echo_table, moment, service_call

group = AppGroup("users", help="Accounts: who may read, edit and administer the registry.")
ROLE = click.Choice(ROLES)


def _password(generate: bool) -> str:
    if generate:
        return generate_password()
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@group.command("create")
@click.argument("username")
@click.option("--role", type=ROLE, default="viewer", show_default=True)
@click.option("--generate", is_flag=True, help="Generate a random password and print it once.")
def create_command(username: str, role: str, generate: bool) -> None:
    """Create USERNAME with a password (prompted for, or generated and printed once)."""
    password = _password(generate)
    with service_call():
        user = create_user(username, role, password)
    click.echo(f"Created user '{user.username}' ({user.role}).")
    if generate:
        click.echo(f"Password (shown once): {password}")


@group.command("list")
def list_command() -> None:
    """List every user with their role and whether they are disabled."""
    with service_call():
        users = list_users()
    rows = [
        (u.username, u.role, "disabled" if u.disabled else "enabled", moment(u.created_at))
        for u in users
    ]
    echo_table(("USERNAME", "ROLE", "STATE", "CREATED"), rows)


@group.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE)
def set_role_command(username: str, role: str) -> None:
    """Give USERNAME the ROLE; their signed-in sessions end."""
    with service_call():
        user = set_role(username, role)
    click.echo(f"User '{user.username}' is now {user.role}.")


@group.command("disable")
@click.argument("username")
def disable_command(username: str) -> None:
    """Disable USERNAME: their sessions and tokens stop working at once."""
    with service_call():
        user = set_disabled(username, True)
    click.echo(f"Disabled user '{user.username}'.")


@group.command("enable")
@click.argument("username")
def enable_command(username: str) -> None:
    """Enable USERNAME again."""
    with service_call():
        user = set_disabled(username, False)
    click.echo(f"Enabled user '{user.username}'.")


@group.command("set-password")
@click.argument("username")
@click.option("--generate", is_flag=True, help="Generate a random password and print it once.")
def set_password_command(username: str, generate: bool) -> None:
    """Set the password of USERNAME; their signed-in sessions end."""
    password = _password(generate)
    with service_call():
        user = change_password(username, password)
    click.echo(f"Changed the password of '{user.username}'.")
    if generate:
        click.echo(f"Password (shown once): {password}")


@group.command("history")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
def history_command(limit: int) -> None:
    """Show the latest changes to users and tokens, and who made them."""
    with service_call():
        events = list_account_events(limit)
    rows = [(moment(e.at), e.actor, e.action, e.username) for e in events]
    echo_table(("AT", "ACTOR", "ACTION", "USER"), rows)


@group.command("ensure-demo-admin")
@click.option("--local-demo", is_flag=True, help="Confirm this registry is a local demo.")
def ensure_demo_admin_command(local_demo: bool) -> None:
    """For a local demo: create the admin 'demo' with a random password, if no user exists."""
    if not (local_demo or current_app.debug):
        raise click.ClickException(
            "Refusing: demo accounts are for a local demo only (pass --local-demo, or run in "
            "debug mode). Create real users with `flask users create NAME --role admin`."
        )
    with service_call():
        if count_users():
            click.echo("Users exist already; no demo admin created.")
            return
        password = generate_password()
        create_user("demo", "admin", password)
    click.echo(f"Sign in as 'demo' with the password {password} (shown once).")
