"""Validators and conditional answers (304 Not Modified) of the files that
crawlers and feed readers poll: sitemap.xml, robots.txt, RSS feeds.

The ``ETag`` is a hash of the body, the same the page cache gives the
response it stores, so a copy from the cache and one just rendered validate
alike; ``Last-Modified`` is the last change of public content anywhere
(every publication, unpublication, expiry... renews it), which no change of
these files can precede.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .expiry import content_changed_at


def content_etag(content: bytes) -> str:
    """The strong ETag of a body."""
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def answer_conditionally(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """``response`` with its ``ETag`` and ``Last-Modified``, or a 304 without
    a body when the client's copy is current (``If-None-Match``, else
    ``If-Modified-Since``). Anything but a 200 is left alone."""
    if response.status_code != 200 or response.streaming:
        return response
    render = getattr(response, "render", None)
    if render is not None:
        render()
    etag = content_etag(response.content)
    modified = int(content_changed_at())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=modified, response=response
    )
    # Django gives back ``response`` itself unless it answers 304 or 412.
    return conditional if conditional is not None else response
