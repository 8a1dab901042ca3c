"""Loading what a page of models shows in a few queries, so list pages avoid one query per row."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import ModelTag, ModelVersion, RegisteredModel
from . import rules


def highest_versions_per_stage(model_ids: list[int]) -> dict[int, list[ModelVersion]]:
    """Map each model id to its highest version in each stage (MLflow's "latest versions").

    One query for all models; the versions come with their tags and aliases loaded, in stage
    order (None, Staging, Production, Archived).
    """
    if not model_ids:
        return {}
    rank = (
        func.row_number()
        .over(
            partition_by=(ModelVersion.model_id, ModelVersion.stage),
            order_by=(ModelVersion.sort_key.desc(), ModelVersion.id.desc()),
        )
        .label("rank")
    )
    ranked = select(ModelVersion.id, rank).where(ModelVersion.model_id.in_(model_ids)).subquery()
    statement = (
        select(ModelVersion)
        .join(ranked, ranked.c.id == ModelVersion.id)
        .where(ranked.c.rank == 1)
        .options(selectinload(ModelVersion.tags), selectinload(ModelVersion.aliases))
    )
    found: dict[int, list[ModelVersion]] = {model_id: [] for model_id in model_ids}
    for version in db.session.scalars(statement):
        found[version.model_id].append(version)
    stage_order = {stage: index for index, stage in enumerate(rules.STAGES)}
    for versions in found.values():
        versions.sort(key=lambda version: stage_order.get(version.stage, len(stage_order)))
    return found


def load_model_tags(models: list[RegisteredModel]) -> None:
    """Fill in ``model.tags`` for many models with one query instead of one per model."""
    if not models:
        return
    by_model: dict[int, list[ModelTag]] = {model.id: [] for model in models}
    statement = select(ModelTag).where(ModelTag.model_id.in_(list(by_model))).order_by(ModelTag.key)
    for tag in db.session.scalars(statement):
        by_model[tag.model_id].append(tag)
    for model in models:
        set_committed_value(model, "tags", by_model[model.id])
