"""Links lead somewhere: no public page links to a page citizens cannot open,
or to a page, document or image that no longer exists.

Wagtail's reference index cannot tell the second: when a page, document or
image is deleted, Wagtail deletes every index row pointing at it
(``ReferenceIndex.remove_references_to`` in its ``post_delete`` handler), and
renders the dangling link without an address (``<a>``) or leaves the
document out of its list. So this check reads the links from the pages'
content itself: the raw JSON of every StreamField and the HTML of every rich
text field of the agency's public pages, one query per page type, then
whether each linked page, document and image still exists (and, for pages,
is public), one query per kind. The number of queries does not grow with
the number of pages or links.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Field, Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from wagtail.rich_text import extract_references_from_rich_text

from cms.contracts.health import ContentRule, Finding, HealthContext, Severity
from cms.selectors import public

PAGE, DOCUMENT, IMAGE = "page", "document", "image"

MESSAGES: dict[tuple[str, bool], str | Promise] = {
    # (kind of target, whether it still exists): message
    (PAGE, True): _("“%(title)s” links to a page that is not published."),
    (PAGE, False): _("“%(title)s” links to a page that no longer exists."),
    (DOCUMENT, False): _("“%(title)s” links to a document that no longer exists."),
    (IMAGE, False): _("“%(title)s” shows an image that no longer exists."),
}
FIXES: dict[str, str | Promise] = {
    PAGE: _(
        "Publish the linked page, choose another page in the link, or remove the link."
    ),
    DOCUMENT: _(
        "Upload the document again and choose it in the link or list, or "
        "remove the link."
    ),
    IMAGE: _("Choose another image, or remove the image block."),
}


def _kind(model: type[Model]) -> str | None:
    if issubclass(model, Page):
        return PAGE
    if issubclass(model, get_document_model()):
        return DOCUMENT
    if issubclass(model, get_image_model()):
        return IMAGE
    return None


def _rich_text_targets(html: str) -> Iterator[tuple[str, str]]:
    for model, object_id, _path, _content in extract_references_from_rich_text(
        html or ""
    ):
        kind = _kind(model)
        if kind is not None:
            yield kind, str(object_id)


def stream_targets(block: blocks.Block, raw: Any) -> Iterator[tuple[str, str]]:
    """(kind, id) of every page, document and image a block's stored (raw)
    value links to or shows, whether or not it still exists. No query."""
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in raw:
            if isinstance(child, Mapping):
                child_block = block.child_blocks.get(child.get("type"))
                if child_block is not None:
                    yield from stream_targets(child_block, child.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            value = item
            if isinstance(item, Mapping) and item.get("type") == "item":
                value = item.get("value")
            yield from stream_targets(block.child_block, value)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, Mapping):
            for name, child_block in block.child_blocks.items():
                yield from stream_targets(child_block, raw.get(name))
    elif isinstance(block, blocks.ChooserBlock):
        kind = _kind(block.model_class)
        if kind is not None and raw != "":
            yield kind, str(raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield from _rich_text_targets(str(raw))


def _text_fields(model: type[Page]) -> list[Field[Any, Any]]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, StreamField | RichTextField)
    ]


@dataclass(frozen=True)
class Link:
    """A link (or an image shown) from a public page to a page, document or
    image, as stored in one of the page's text fields."""

    source_id: int
    kind: str
    target: str
    field: str | Promise


def content_links(context: HealthContext) -> list[Link]:
    """Every link of the agency's public pages, from their text fields. One
    query per page type with text fields (the same for both checks of an
    agency: the second call reuses the first's)."""
    return context.shared("links.content_links", lambda: _extract_links(context))


def _extract_links(context: HealthContext) -> list[Link]:
    by_type: dict[int, list[int]] = defaultdict(list)
    for row in context.pages:
        by_type[row.content_type_id].append(row.id)
    links: list[Link] = []
    for model in get_page_models():
        fields = _text_fields(model)
        if not fields or model._meta.abstract:
            continue
        ids = by_type.get(ContentType.objects.get_for_model(model).pk)
        if not ids:
            continue
        for pk, *values in model.objects.filter(pk__in=ids).values_list(
            "pk", *(field.name for field in fields)
        ):
            for field, value in zip(fields, values, strict=True):
                if isinstance(field, StreamField):
                    targets = stream_targets(
                        field.stream_block, getattr(value, "raw_data", value)
                    )
                else:
                    targets = _rich_text_targets(value)
                links.extend(
                    Link(pk, kind, target, field.verbose_name)
                    for kind, target in targets
                    if target.isdigit()
                )
    return links


def check_links(context: HealthContext) -> list[Finding]:
    """Each public page's links and images lead to a public page, an existing
    document or image. The pages' links (see :func:`content_links`), then
    one query per kind of target and one for which linked pages are public
    (four at most)."""
    rows = {row.id: row for row in context.pages}
    links = content_links(context)
    wanted: dict[str, set[str]] = defaultdict(set)
    for link in links:
        wanted[link.kind].add(link.target)
    existing: dict[str, set[str]] = {}
    models = {PAGE: Page, DOCUMENT: get_document_model(), IMAGE: get_image_model()}
    for kind, ids in wanted.items():
        existing[kind] = {
            str(pk)
            for pk in models[kind]
            .objects.filter(pk__in=sorted(ids, key=int))
            .values_list("pk", flat=True)
        }
    public_pages = (
        {
            str(pk)
            for pk in public(
                Page.objects.filter(pk__in=sorted(existing[PAGE], key=int))
            ).values_list("pk", flat=True)
        }
        if existing.get(PAGE)
        else set()
    )
    findings: list[Finding] = []
    reported: set[tuple[int, str, bool]] = set()
    for link in sorted(
        links, key=lambda link: (rows[link.source_id].path, link.kind, link.target)
    ):
        exists = link.target in existing.get(link.kind, set())
        if exists and (link.kind != PAGE or link.target in public_pages):
            continue
        key = (link.source_id, link.kind, exists)
        if key in reported:
            continue
        reported.add(key)
        findings.append(
            Finding(
                message=MESSAGES[(link.kind, exists)],
                values={"title": rows[link.source_id].title},
                page_id=link.source_id,
                field=link.field,
                fix=FIXES[link.kind],
            )
        )
    return findings


LINKS = ContentRule(
    code="links.internal",
    title=_("Links lead somewhere"),
    explanation=_(
        "A link to a draft, an unpublished, a private or a deleted page, or "
        "to a deleted document, ends in an error page or leads nowhere. "
        "Citizens give up, and the agency looks careless."
    ),
    severity=Severity.IMPORTANT,
    check=check_links,
)
