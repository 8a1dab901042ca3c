"""Form fields for the `key=value` lines that tags and metrics are typed as."""

from collections.abc import Mapping

from wtforms import TextAreaField
from wtforms.validators import ValidationError


class KeyValueLinesField(TextAreaField):
    """A textarea of `key=value` lines; ``parsed`` holds them as a dict once validated.

    Only the shape is checked here (one `=` per pair, no key twice); what makes a key or a
    value acceptable is the services' rule.
    """

    parsed: dict[str, object]

    def pre_validate(self, form) -> None:
        """Split the text into pairs, refusing lines that are not `key=value`."""
        self.parsed = {}
        for number, line in enumerate((self.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            key, separator, value = line.partition("=")
            key = key.strip()
            if not separator:
                raise ValidationError(f"Line {number}: write key=value.")
            if key in self.parsed:
                raise ValidationError(f"Line {number}: '{key}' is given twice.")
            self.parsed[key] = self.convert(value.strip())

    def convert(self, value: str) -> object:
        """Turn the text after `=` into the value the service receives."""
        return value


class MetricLinesField(KeyValueLinesField):
    """`name=number` lines: numbers become floats; anything else reaches the service as
    text, so the service's own words say what is wrong with it."""

    def convert(self, value: str) -> object:
        """Read the value as a float when it is one."""
        try:
            return float(value)
        except ValueError:
            return value


def as_lines(pairs: Mapping[str, object]) -> str:
    """Write a mapping back as `key=value` lines, the form the fields above read."""
    return "\n".join(f"{key}={_text(value)}" for key, value in pairs.items())


def _text(value: object) -> str:
    # repr() of a float is the shortest text that reads back as the same number.
    return repr(value) if isinstance(value, float) else str(value)
