"""The service catalogue and the offices in the portal API:
/api/v1/services/ and /api/v1/offices/ (imported by the API's assembly,
which finds every app's ``api`` module)."""

from cms.api import register_resource

from .offices import offices
from .services import services

register_resource(services)
register_resource(offices)

__all__ = ["offices", "services"]
