"""Sign in and sign out."""

from flask import flash, redirect, render_template, request, url_for

from ..auth import PUBLIC, requires
from ..auth.sessions import sign_in, sign_out
from .blueprint import bp
from .forms_account import SignInForm
from .next_url import safe_next

# One message whatever was wrong: never tell which half of the pair failed.
SIGN_IN_FAILED = "Wrong username or password (or the account is disabled)."


@requires(PUBLIC)
@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with a username and password, then go back where the user was headed."""
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        signed_in = sign_in(form.username.data or "", form.password.data or "")
        if signed_in is not None:
            flash(f"Signed in as {signed_in.username}.", "success")
            return redirect(safe_next(form.next.data) or url_for("web.index"), 303)
        form.form_errors.append(SIGN_IN_FAILED)
    status = 422 if form.errors else 200
    return render_template("web/login.html", form=form), status


@requires(PUBLIC)
@bp.post("/logout")
def logout():
    """Sign out of this browser (the auth gate checks the CSRF token: no cross-site sign-out)."""
    sign_out()
    flash("Signed out.", "success")
    return redirect(url_for("web.index"), 303)
