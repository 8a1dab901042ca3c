"""Side-by-side comparison of versions of one model."""

from flask import render_template, request

from ..auth import READ, requires
from ..errors import ValidationFailed
from ..services.compare import compare_versions
from ..services.registered_models import get_model
from ..services.versions import list_versions
from .blueprint import bp


@requires(READ)
@bp.get("/models/<segment:name>/compare")
def compare(name: str):
    """Compare the versions named in the URL, marking the fields that differ."""
    model = get_model(name)
    chosen = request.args.getlist("versions")
    comparison, problems = None, []
    if chosen:
        try:
            comparison = compare_versions(model.name, chosen)
        except ValidationFailed as error:
            problems = [message for _, message in error.fields]
    return render_template(
        "web/compare.html",
        model=model,
        versions=list_versions(model.name),
        chosen=chosen,
        comparison=comparison,
        problems=problems,
    ), (422 if problems else 200)
