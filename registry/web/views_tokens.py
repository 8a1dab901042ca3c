"""API tokens: list and create your own (admins see everyone's), revoke one."""

from datetime import timedelta

from flask import flash, redirect, render_template, url_for

from ..auth import ACCOUNT, current_principal, requires
from ..errors import ValidationFailed
from ..services.account_rules import ROLES, role_rank
from ..services.tokens import create_token, list_tokens, revoke_token, token_state
from .blueprint import bp
from .forms_account import NewTokenForm
from .helpers import show_errors


@requires(ACCOUNT)
@bp.route("/tokens", methods=["GET", "POST"])
def tokens_page():
    """List tokens and create one; a new token's secret is shown on this answer only."""
    principal = current_principal()
    form = NewTokenForm()
    form.role.choices = [r for r in form.role.choices if role_rank(r.value) <= _rank(principal)]
    created = None
    if form.validate_on_submit():
        lifetime = lifetime_of(form.expires.data)
        try:
            created = create_token(
                principal.username, form.role.data or "", form.label.data or "", lifetime
            )
        except ValidationFailed as error:
            show_errors(form, error)
    is_admin = principal.role == "admin"
    # The secret stays in no cache: every page is sent with Cache-Control: no-store.
    return render_template(
        "web/tokens.html",
        form=form,
        created=created,
        tokens=list_tokens(None if is_admin else principal.username),
        state_of=token_state,
        show_owner=is_admin,
    ), (422 if form.errors else 200)


@requires(ACCOUNT)
@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token_page(token_id: int):
    """Revoke a token at once (your own; an admin may revoke anyone's)."""
    principal = current_principal()
    owner = None if principal.role == "admin" else principal.username
    token = revoke_token(token_id, owner=owner)
    flash(f"Revoked token {token.prefix}… ({token.label or 'no label'}).", "success")
    return redirect(url_for("web.tokens_page"), 303)


def lifetime_of(days: int) -> timedelta | None:
    """A token's lifetime from the days chosen (0: it never expires)."""
    if not days:
        return None
    try:
        return timedelta(days=days)
    except OverflowError:
        # Further off than a timedelta reaches: the services refuse it as too far (or past).
        return timedelta.max if days > 0 else timedelta.min


def _rank(principal) -> int:
    return role_rank(principal.role) if principal.role in ROLES else -1
