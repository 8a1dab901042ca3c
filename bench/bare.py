"""A bare Flask app answering ``{}``: the machine's ceiling under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def empty():
    """Answer an empty JSON object."""
    return {}
