"""Demo content: how content apps add their part of the local demo.

A content app registers :class:`DemoContent` batches in ``demo_content``
from its ``AppConfig.ready()``; the ``load_demo_content`` command runs them
in order, after provisioning, so a new content app brings its demo content
without editing the others.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from cms.contracts import Registry


@dataclass(frozen=True, kw_only=True)
class DemoContent:
    """One batch of demo content. ``load`` creates whatever is missing and
    returns how many objects it created (0 on a second run)."""

    name: str | Promise
    order: int
    load: Callable[[], int]


demo_content: Registry[DemoContent] = Registry("demo content")


def declared_demo_content() -> list[DemoContent]:
    """Every batch, in loading order."""
    return sorted(demo_content, key=lambda batch: batch.order)
