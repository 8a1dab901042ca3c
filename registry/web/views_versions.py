"""Versions of a model: add, edit and delete (in place with htmx, or on a page without)."""

from flask import flash, redirect, render_template, url_for

from ..auth import ADMIN, WRITE, requires
from ..errors import Conflict, PreconditionFailed, ValidationFailed
from ..models import ModelVersion
from ..services.lookup import get_version
from ..services.registered_models import get_model
from ..services.versions import create_version, delete_version, update_version
from .blueprint import bp
from .fields import as_lines
from .forms import AddVersionForm, ConfirmForm, VersionFieldsForm
from .helpers import add_error, is_htmx, refuse_stale, show_errors, stale_delete, stale_edit
from .model_page import render_sections, versions_cursor_shown


@requires(WRITE)
@bp.route("/models/<segment:name>/versions/new", methods=["GET", "POST"])
def add_version(name: str):
    """Add a version to a model."""
    model = get_model(name)
    form = AddVersionForm()
    if form.validate_on_submit():
        fields = form.changes()
        if form.version.data:
            fields["version"] = form.version.data
        try:
            version = create_version(name, **fields)
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as error:
            add_error(form, "version", error.message)
        else:
            flash(f"Added version {version.version} to {model.name}.", "success")
            return redirect(url_for("web.show_model", name=model.name), 303)
    status = 422 if form.errors else 200
    return render_template("web/version_add.html", form=form, model=model), status


@requires(WRITE)
@bp.route("/models/<segment:name>/versions/<segment:version>/edit", methods=["GET", "POST"])
def edit_version(name: str, version: str):
    """Change a version's fields; a stale copy is refused, not overwritten."""
    found = get_version(name, version)
    form = VersionFieldsForm(data=_form_data(found))
    status, current_data = 200, None
    if form.validate_on_submit():
        try:
            update_version(
                name, version, form.changes(), expected_row_version=form.row_version.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        except PreconditionFailed:
            current_data = _form_data(get_version(name, version))
            status = refuse_stale(form, current_data["row_version"], stale_edit("version"))
        else:
            flash(f"Saved version {version} of {found.model.name}.", "success")
            return redirect(url_for("web.show_model", name=found.model.name), 303)
    if form.errors and status == 200:
        status = 422
    return render_template(
        "web/version_edit.html", form=form, version=found, current_data=current_data
    ), status


@requires(ADMIN)
@bp.route("/models/<segment:name>/versions/<segment:version>/delete", methods=["GET", "POST"])
def delete_version_page(name: str, version: str):
    """Ask before deleting a version; delete it on confirmation.

    With htmx the question replaces the version's row and the answer redraws the table.
    """
    found = get_version(name, version)
    model = found.model
    form = ConfirmForm(obj=found)
    status = 200
    if form.validate_on_submit():
        try:
            delete_version(name, version, expected_row_version=form.row_version.data)
        except PreconditionFailed:
            if is_htmx():
                flash(f"Version {version} changed meanwhile and was not deleted.", "error")
                return render_sections(model, primary="versions"), 409
            found = get_version(name, version)
            status = refuse_stale(form, found.row_version, stale_delete("version"))
        else:
            flash(f"Deleted version {version} of {model.name}.", "success")
            if is_htmx():
                return render_sections(get_model(name), primary="versions")
            return redirect(url_for("web.show_model", name=model.name), 303)
    template = "web/_version_confirm_row.html" if is_htmx() else "web/confirm_version_delete.html"
    # The in-place question's Cancel redraws the page of versions it was asked from.
    shown = versions_cursor_shown()
    return render_template(
        template, form=form, version=found, model=model, versions_cursor=shown
    ), status


def _form_data(version: ModelVersion) -> dict[str, object]:
    return {
        "framework": version.framework,
        "stage": version.stage,
        "source": version.source,
        "run_id": version.run_id,
        "run_link": version.run_link,
        "description": version.description,
        "metrics": as_lines({metric.key: metric.value for metric in version.metrics}),
        "tags": as_lines({tag.key: tag.value for tag in version.tags}),
        "row_version": version.row_version,
    }
