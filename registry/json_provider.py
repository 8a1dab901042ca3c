"""The app's JSON output: orjson, through Flask's provider interface.

Encoding an API answer with the standard library cost about 6 % of a keyed read's instructions;
orjson takes a sixth of that. Parsing stays with the standard library (its errors are
the ones the doors word their answers from).
"""

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

# Flask's own conversions for dates (HTTP dates) and the like; keys that are not strings
# become strings, as the standard library makes them.
OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class OrjsonProvider(DefaultJSONProvider):
    """Flask's default JSON provider, serializing with orjson: compact, UTF-8, keys in the
    order the doors build them (a model's name first)."""

    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """Serialize ``obj``; indented when Flask asks for it (debug responses)."""
        option = OPTIONS | (orjson.OPT_INDENT_2 if kwargs.get("indent") else 0)
        try:
            return orjson.dumps(obj, default=self.default, option=option).decode()
        except orjson.JSONEncodeError:
            # orjson refuses text that is not Unicode (a lone surrogate a client sent, echoed
            # in an error message); the standard library writes it as an escape.
            return super().dumps(obj, **kwargs)
