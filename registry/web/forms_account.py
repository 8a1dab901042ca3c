"""The account forms: sign in and out, tokens, users. Shape only; the services judge values."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField

from ..services.account_rules import PASSWORD_MAX, ROLES, TOKEN_LABEL_MAX

USERNAME_HINTS = {"maxlength": 64, "autocomplete": "username", "spellcheck": "false"}
ROLE_CHOICES = [SelectChoice(role) for role in ROLES]
# Token lifetimes offered on the page, in days (0: never expires).
EXPIRY_CHOICES = [
    SelectChoice("30", "30 days"),
    SelectChoice("7", "7 days"),
    SelectChoice("1", "1 day"),
    SelectChoice("90", "90 days"),
    SelectChoice("365", "1 year"),
    SelectChoice("0", "never"),
]


class SignInForm(FlaskForm):
    """Sign in with a username and password; ``next`` is where to go afterwards."""

    username = StringField("Username", render_kw={**USERNAME_HINTS, "required": True})
    password = PasswordField(
        "Password",
        render_kw={"maxlength": PASSWORD_MAX, "autocomplete": "current-password", "required": True},
    )
    next = HiddenField()


class NewTokenForm(FlaskForm):
    """Create a token of the signed-in user."""

    label = StringField(
        "Label",
        description="What the token is for, e.g. the CI job that uses it.",
        render_kw={"maxlength": TOKEN_LABEL_MAX, "autocomplete": "off", "placeholder": "ci"},
    )
    role = SelectField(
        "Role",
        description="A token never does more than you can.",
        choices=ROLE_CHOICES,
        validate_choice=False,
    )
    expires = SelectField(
        "Expires in", choices=EXPIRY_CHOICES, coerce=int, default=30, validate_choice=False
    )


class NewUserForm(FlaskForm):
    """Create a user; without a password, one is generated and shown once."""

    username = StringField("Username", render_kw={**USERNAME_HINTS, "autocomplete": "off"})
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)
    password = PasswordField(
        "Password",
        description="At least 12 characters. Leave empty to generate one.",
        render_kw={"maxlength": PASSWORD_MAX, "autocomplete": "new-password"},
    )


class RoleForm(FlaskForm):
    """Give a user another role."""

    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)


class AccountStatusForm(FlaskForm):
    """Disable a user, or enable them again."""

    disabled = HiddenField()
