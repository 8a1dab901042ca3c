"""Users, for admins: create, change role, disable and enable."""

from flask import flash, redirect, render_template, url_for

from ..auth import ADMIN, requires
from ..errors import Conflict, ValidationFailed
from ..services.account_history import list_account_events
from ..services.account_rules import ROLES
from ..services.users import create_user, generate_password, list_users, set_disabled, set_role
from .blueprint import bp
from .forms_account import AccountStatusForm, NewUserForm, RoleForm
from .helpers import add_error, show_errors


@requires(ADMIN)
@bp.route("/users", methods=["GET", "POST"])
def users_page():
    """List the users and create one; a generated password is shown on this answer only."""
    form = NewUserForm()
    created = None
    if form.validate_on_submit():
        password = form.password.data or generate_password()
        try:
            user = create_user(form.username.data or "", form.role.data or "", password)
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as error:
            add_error(form, "username", error.message)
        else:
            created = (user, None if form.password.data else password)
            form = NewUserForm(formdata=None)
    # The generated password stays in no cache: every page is sent with no-store.
    return render_template(
        "web/users.html",
        form=form,
        created=created,
        users=list_users(),
        roles=ROLES,
        history=list_account_events(20),
    ), (422 if form.errors else 200)


@requires(ADMIN)
@bp.post("/users/<username>/role")
def set_user_role(username: str):
    """Give a user another role; their sessions end so it applies at once."""
    form = RoleForm()
    try:
        user = set_role(username, form.role.data or "")
    except ValidationFailed as error:
        flash(" ".join(message for _, message in error.fields), "error")
    else:
        flash(f"{user.username} is now {user.role}.", "success")
    return redirect(url_for("web.users_page"), 303)


@requires(ADMIN)
@bp.post("/users/<username>/status")
def set_user_status(username: str):
    """Disable a user (their sessions and tokens stop at once) or enable them again."""
    disable = AccountStatusForm().disabled.data == "true"
    try:
        user = set_disabled(username, disable)
    except ValidationFailed as error:
        flash(" ".join(message for _, message in error.fields), "error")
    else:
        flash(f"{user.username} is {'disabled' if user.disabled else 'enabled'}.", "success")
    return redirect(url_for("web.users_page"), 303)
