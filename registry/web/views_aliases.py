"""Aliases: set or move one (in place with htmx), and remove one after confirmation."""

from flask import flash, redirect, render_template, url_for

from ..auth import WRITE, requires
from ..errors import ValidationFailed
from ..services.aliases import delete_alias, get_version_by_alias, set_alias
from ..services.registered_models import get_model
from .blueprint import bp
from .forms import ConfirmForm
from .helpers import is_htmx, show_errors
from .model_page import (
    alias_choices,
    alias_form_for,
    render_sections,
    versions_cursor_shown,
    versions_page_of,
)


@requires(WRITE)
@bp.route("/models/<segment:name>/aliases", methods=["GET", "POST"])
def set_alias_page(name: str):
    """Point an alias at a version: create it, or move it if the model has it already."""
    model = get_model(name)
    # The select offers the page of versions shown and the aliased versions; any version may
    # be posted.
    shown = versions_page_of(model, versions_cursor_shown()).items
    form = alias_form_for(alias_choices(model, shown))
    if form.validate_on_submit():
        try:
            set_alias(model.name, form.alias.data or "", form.version.data or "")
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            flash(f"Alias {form.alias.data} now points at version {form.version.data}.", "success")
            if is_htmx():
                return render_sections(get_model(name), primary="aliases")
            return redirect(url_for("web.show_model", name=model.name), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_sections(model, primary="aliases", alias_form=form), status
    return render_template("web/alias_form.html", form=form, model=model), status


@requires(WRITE)
@bp.route("/models/<segment:name>/aliases/<segment:alias>/delete", methods=["GET", "POST"])
def delete_alias_page(name: str, alias: str):
    """Ask before removing an alias (its version stays); remove it on confirmation."""
    model = get_model(name)
    target = get_version_by_alias(model.name, alias)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_alias(model.name, alias)
        flash(f"Removed alias {alias} (version {target.version} stays).", "success")
        return redirect(url_for("web.show_model", name=model.name), 303)
    return render_template(
        "web/confirm_alias_delete.html", form=form, model=model, alias=alias, target=target
    )
