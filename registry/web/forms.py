"""The web forms: shape only (presence, parsing, HTML hints); the services judge the values."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from ..services.rules import RUN_ID_MAX, SOURCE_MAX, STAGES
from .fields import KeyValueLinesField, MetricLinesField

NAME_HINTS = {"required": True, "maxlength": 256, "autocomplete": "off", "spellcheck": "false"}
VERSION_HINTS = {"maxlength": 64, "autocomplete": "off", "spellcheck": "false"}
SOURCE_HINTS = {
    "maxlength": SOURCE_MAX,
    "autocomplete": "off",
    "spellcheck": "false",
    "placeholder": "s3://bucket/path/model.pt",
}
CARD_HINT = "Markdown. Raw HTML is shown as text."
SOURCE_HINT = "Where the artifact lives. Stored and shown, never fetched by the registry."
TAGS_HINT = "One key=value per line."
RUN_HINTS = {"autocomplete": "off", "spellcheck": "false"}
METRICS_HINT = "One name=number per line, e.g. accuracy=0.91."


class RowVersionForm(FlaskForm):
    """A form that carries the row version it was read at, to refuse stale saves."""

    row_version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class FrameworkChoicesMixin:
    """Fill the framework select from the configured list when the form is built."""

    def fill_framework_choices(self) -> None:
        """Offer an empty choice, then every framework in REGISTRY_FRAMEWORKS."""
        frameworks = current_app.config["REGISTRY_FRAMEWORKS"]
        self.framework.choices = [SelectChoice("", "Select a framework")] + [
            SelectChoice(framework) for framework in frameworks
        ]


class RegisterModelForm(FrameworkChoicesMixin, FlaskForm):
    """Register a model together with its first version."""

    name = StringField("Name", render_kw={**NAME_HINTS, "placeholder": "e.g. resnet-50"})
    version = StringField(
        "Version",
        description="Optional: leave empty for the next number.",
        render_kw={**VERSION_HINTS, "placeholder": "1"},
    )
    framework = SelectField("Framework", validate_choice=False, render_kw={"required": True})
    description = TextAreaField("Model card", description=CARD_HINT, render_kw={"rows": 6})
    source = StringField("Source URI", description=SOURCE_HINT, render_kw=SOURCE_HINTS)
    tags = KeyValueLinesField("Tags", description=TAGS_HINT, render_kw={"rows": 3})
    metrics = MetricLinesField("Metrics", description=METRICS_HINT, render_kw={"rows": 3})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fill_framework_choices()


class EditModelForm(RowVersionForm):
    """Rename a model, rewrite its model card or change its tags."""

    name = StringField("Name", render_kw=NAME_HINTS)
    description = TextAreaField("Model card", description=CARD_HINT, render_kw={"rows": 12})
    tags = KeyValueLinesField(
        "Tags", description=TAGS_HINT + " Remove a line to remove the tag.", render_kw={"rows": 4}
    )

    def changes(self) -> dict[str, object]:
        """The model's fields as the services take them (the tags as the whole new set)."""
        return {
            "name": self.name.data or "",
            "description": self.description.data or "",
            "tags": self.tags.parsed,
        }


class VersionFieldsForm(FrameworkChoicesMixin, RowVersionForm):
    """The fields of a version that can be set when adding it and changed later."""

    framework = SelectField("Framework", validate_choice=False, render_kw={"required": True})
    stage = SelectField("Stage", choices=[SelectChoice(s) for s in STAGES], validate_choice=False)
    source = StringField("Source URI", description=SOURCE_HINT, render_kw=SOURCE_HINTS)
    run_id = StringField(
        "Run id",
        description="The training run that made it.",
        render_kw={**RUN_HINTS, "maxlength": RUN_ID_MAX},
    )
    run_link = StringField(
        "Run link",
        description="Where that run can be seen. Shown as text, never fetched.",
        render_kw={**RUN_HINTS, "maxlength": SOURCE_MAX},
    )
    description = TextAreaField("Description", render_kw={"rows": 4})
    metrics = MetricLinesField("Metrics", description=METRICS_HINT, render_kw={"rows": 4})
    tags = KeyValueLinesField("Tags", description=TAGS_HINT, render_kw={"rows": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fill_framework_choices()

    def changes(self) -> dict[str, object]:
        """The version fields as the services take them."""
        return {
            "framework": self.framework.data or "",
            "stage": self.stage.data or "None",
            "source": self.source.data or "",
            "run_id": self.run_id.data or "",
            "run_link": self.run_link.data or "",
            "description": self.description.data or "",
            "metrics": self.metrics.parsed,
            "tags": self.tags.parsed,
        }


class AddVersionForm(VersionFieldsForm):
    """Add a version to a model."""

    version = StringField(
        "Version",
        description="Optional: leave empty for the next number.",
        render_kw=VERSION_HINTS,
    )


class AliasForm(FlaskForm):
    """Point an alias at a version: creates the alias, or moves it when it exists."""

    alias = StringField(
        "Alias",
        id="alias-name",
        render_kw={"required": True, "maxlength": 255, "placeholder": "champion"},
    )
    version = SelectField("Version", id="alias-version", validate_choice=False)


class ConfirmForm(RowVersionForm):
    """Confirm a delete; carries the row version so a changed object is not deleted blind."""
