"""Registered models: register, show, edit and delete."""

from flask import flash, redirect, render_template, request, url_for

from ..auth import ADMIN, READ, WRITE, requires
from ..errors import Conflict, PreconditionFailed, ValidationFailed
from ..models import RegisteredModel
from ..services.registered_models import create_model, delete_model, get_model, update_model
from .blueprint import bp
from .fields import as_lines
from .forms import ConfirmForm, EditModelForm, RegisterModelForm
from .helpers import add_error, refuse_stale, show_errors, stale_delete, stale_edit
from .model_page import page_context


@requires(WRITE)
@bp.route("/models/new", methods=["GET", "POST"])
def register_model():
    """Register a model with its first version, in one go."""
    form = RegisterModelForm()
    if form.validate_on_submit():
        first_version = {"framework": form.framework.data or "", "metrics": form.metrics.parsed}
        if form.version.data:
            first_version["version"] = form.version.data
        if form.source.data:
            first_version["source"] = form.source.data
        try:
            model = create_model(
                form.name.data or "",
                description=form.description.data or "",
                tags=form.tags.parsed,
                first_version=first_version,
            )
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as error:
            add_error(form, "name", error.message)
        else:
            flash(f"Registered {model.name} (version {model.versions[-1].version}).", "success")
            return redirect(url_for("web.show_model", name=model.name), 303)
    status = 422 if form.errors else 200
    return render_template("web/register.html", form=form), status


# The trailing slash keeps a model named "new" apart from the register page (/models/new);
# /models/<name> without it redirects here.
@requires(READ)
@bp.get("/models/<segment:name>/")
def show_model(name: str):
    """Show a model: its card, versions, aliases, tags and history."""
    model = get_model(name)
    if model.name != name:
        # "bert" finds "BERT": send the browser to the name as it is spelled.
        return redirect(url_for("web.show_model", name=model.name), 302)
    context = page_context(
        model,
        history_cursor=request.args.get("history"),
        versions_cursor=request.args.get("versions"),
    )
    return render_template("web/model.html", **context)


@requires(WRITE)
@bp.route("/models/<segment:name>/edit", methods=["GET", "POST"])
def edit_model(name: str):
    """Rename a model, rewrite its card or change its tags; a stale copy is refused."""
    model = get_model(name)
    form = EditModelForm(data=_form_data(model))
    status, current_data = 200, None
    if form.validate_on_submit():
        try:
            model = update_model(name, form.changes(), expected_row_version=form.row_version.data)
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as error:
            add_error(form, "name", error.message)
        except PreconditionFailed:
            current_data = _form_data(get_model(name))
            status = refuse_stale(form, current_data["row_version"], stale_edit("model"))
        else:
            flash(f"Saved {model.name}.", "success")
            return redirect(url_for("web.show_model", name=model.name), 303)
    if form.errors and status == 200:
        status = 422
    return render_template(
        "web/model_edit.html", form=form, model=model, current_data=current_data
    ), status


@requires(ADMIN)
@bp.route("/models/<segment:name>/delete", methods=["GET", "POST"])
def delete_model_page(name: str):
    """Ask before deleting a model with all its versions; delete it on confirmation."""
    model = get_model(name)
    form = ConfirmForm(obj=model)
    status = 200
    if form.validate_on_submit():
        deleted_name = model.name
        try:
            delete_model(name, expected_row_version=form.row_version.data)
        except PreconditionFailed:
            model = get_model(name)
            status = refuse_stale(form, model.row_version, stale_delete("model"))
        else:
            flash(f"Deleted model {deleted_name} and its versions.", "success")
            return redirect(url_for("web.index"), 303)
    return render_template("web/confirm_model_delete.html", form=form, model=model), status


def _form_data(model: RegisteredModel) -> dict[str, object]:
    return {
        "name": model.name,
        "description": model.description,
        "tags": as_lines({tag.key: tag.value for tag in model.tags}),
        "row_version": model.row_version,
    }
