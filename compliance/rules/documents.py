"""Official documents carry their number and date: every decree, resolution
or order a page publishes (the shared "official documents" block) in the
fields its page type declares (``BasePage.legal_act_fields``)."""

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.models import get_page_models

from cms.blocks import LEGAL_ACTS_BLOCK
from cms.contracts.health import ContentRule, Finding, HealthContext, Severity
from cms.models import BasePage

MISSING: dict[tuple[bool, bool], tuple[str | Promise, str | Promise]] = {
    # (number missing, date missing): (message, field)
    (True, True): (
        _("“%(title)s” publishes “%(act)s” without its number and date."),
        _("number and date"),
    ),
    (True, False): (
        _("“%(title)s” publishes “%(act)s” without its number."),
        _("number"),
    ),
    (False, True): (
        _("“%(title)s” publishes “%(act)s” without its date."),
        _("date"),
    ),
}


def models_with_acts() -> list[type[BasePage]]:
    """The concrete page types that declare fields holding official acts."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, BasePage)
        and not model._meta.abstract
        and model.legal_act_fields
    ]


def _item_value(item: Any) -> Mapping[str, Any]:
    # A ListBlock item is stored as {"type": "item", "value": ..., "id": ...}
    # (older data: the bare value).
    if isinstance(item, Mapping) and "value" in item and item.get("type") == "item":
        value = item["value"]
    else:
        value = item
    return value if isinstance(value, Mapping) else {}


def legal_acts(stream: Any) -> Iterator[Mapping[str, Any]]:
    """The acts of a StreamField's value, in order, as stored (no query:
    the chosen documents are not fetched)."""
    raw = getattr(stream, "raw_data", stream) or []
    for block in raw:
        if block.get("type") != LEGAL_ACTS_BLOCK:
            continue
        for item in (block.get("value") or {}).get("acts") or []:
            yield _item_value(item)


def check_legal_acts(context: HealthContext) -> list[Finding]:
    """Each act published on a page of a type that asks for them has a number
    and a date. One query per such page type (two today), whatever the
    number of pages."""
    rows = []
    for model in models_with_acts():
        pages = {row.id: row for row in context.pages_of(model)}
        if not pages:
            continue
        fields = list(model.legal_act_fields)
        for pk, *streams in model.objects.filter(pk__in=list(pages)).values_list(
            "pk", *fields
        ):
            rows.append((pages[pk], streams))
    findings: list[Finding] = []
    for page, streams in sorted(rows, key=lambda entry: entry[0].path):
        for stream in streams:
            for act in legal_acts(stream):
                missing = (
                    not str(act.get("number") or "").strip(),
                    not act.get("date"),
                )
                if missing not in MISSING:
                    continue
                message, field = MISSING[missing]
                findings.append(
                    Finding(
                        message=message,
                        values={"title": page.title, "act": act.get("title") or ""},
                        page_id=page.id,
                        field=field,
                        fix=_(
                            "Open the page, find the act in its official "
                            "documents and fill in the number and date printed "
                            "on the signed act."
                        ),
                    )
                )
    return findings


LEGAL_ACTS = ContentRule(
    code="documents.number_and_date",
    title=_("Official documents carry their number and date"),
    explanation=_(
        "A decree, resolution or order is cited by its number and date. "
        "Published without them, citizens cannot tell which act it is, "
        "whether it is the one in force, or quote it in a letter or a court."
    ),
    severity=Severity.IMPORTANT,
    check=check_legal_acts,
)
