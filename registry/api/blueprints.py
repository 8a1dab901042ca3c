"""The API's blueprints: /api/v1 (with the docs page's assets), the seed API, and health.

Their error handlers are set here, before any app registers them: a domain error raised by
a service becomes a problem document (or the seed API's ``{"error"}``).
"""

from flask import Blueprint
from sqlalchemy.exc import DataError, OperationalError

from ..errors import RegistryError
from .body import refuse_nul_in_url
from .problems import (
    database_down_problem,
    registry_error_problem,
    seed_database_down,
    seed_registry_error,
    seed_unusable_value,
    unusable_value_problem,
)

v1 = Blueprint(
    "api_v1",
    __name__,
    url_prefix="/api/v1",
    template_folder="templates",
    static_folder="static",
    static_url_path="/docs/static",
)
seed = Blueprint("api_seed", __name__, url_prefix="/api")
health = Blueprint("api_health", __name__)

for _blueprint in (v1, seed):
    _blueprint.before_request(refuse_nul_in_url)
v1.register_error_handler(RegistryError, registry_error_problem)
health.register_error_handler(RegistryError, registry_error_problem)
seed.register_error_handler(RegistryError, seed_registry_error)
# A read that finds the database gone answers 503, like a write refused by atomic().
v1.register_error_handler(OperationalError, database_down_problem)
health.register_error_handler(OperationalError, database_down_problem)
seed.register_error_handler(OperationalError, seed_database_down)
# A value the database refuses to compare or store is the client's (a 400, never a 500).
v1.register_error_handler(DataError, unusable_value_problem)
seed.register_error_handler(DataError, seed_unusable_value)
