"""Side-by-side comparison of versions of one model."""

from flask import render_template, request

from ..auth import READ, requires
from ..errors import ValidationFailed
from ..services.compare import compare_versions
from ..services.registered_models import get_model
from .blueprint import bp
from .model_page import shown_and, versions_page_of


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
    # The picker offers the model page's first page and the versions compared now: a model
    # may have tens of thousands (pick lower ones on the model page's later pages).
    compared = comparison.versions if comparison else []
    offered = shown_and(versions_page_of(model).items, compared)
    return render_template(
        "web/compare.html",
        model=model,
        versions=offered,
        chosen=chosen,
        comparison=comparison,
        problems=problems,
    ), (422 if problems else 200)
