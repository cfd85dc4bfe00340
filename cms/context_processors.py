"""Template context shared by every page of the citizen sites."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cms.chrome import site_chrome


def site_design(request: HttpRequest) -> dict[str, object]:
    """``site_chrome``: the agency's identity, navigation and contacts
    (see :mod:`cms.chrome`), computed only when a template reads it."""
    return {"site_chrome": SimpleLazyObject(lambda: site_chrome(request=request))}
