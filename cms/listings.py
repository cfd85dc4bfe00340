"""Building blocks of paginated, filterable listings (services, news,
competitions): the filter choices a form shows and the pagination links."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import QueryDict

ModelT = TypeVar("ModelT", bound=Model)


@dataclass(frozen=True)
class Tag:
    """A short label on a card (a status, a channel, a highlight); the
    variant picks its colours: "open", "closed", "highlight" or none."""

    text: str
    variant: str = ""


@dataclass(frozen=True, kw_only=True)
class Card:
    """A page as a card in a list (a title linking to it, a line of facts,
    a summary, tags), for lists built outside its own section."""

    title: str
    url: str
    meta: str = ""
    summary: str = ""
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True)
class FilterOption:
    """One choice of a listing filter, as the filter form shows it."""

    value: str
    label: str
    selected: bool


def filter_options(
    choices: Iterable[tuple[object, object]], *, chosen: object
) -> list[FilterOption]:
    """Filter choices from ``(value, label)`` pairs, the chosen one marked."""
    return [
        FilterOption(str(value), str(label), value == chosen)
        for value, label in choices
    ]


def paginate(
    queryset: QuerySet[ModelT], *, params: QueryDict, per_page: int
) -> PaginatorPage[ModelT]:
    """The page of ``queryset`` asked for by ``?page=``; the first or last
    page when the number is missing or out of range."""
    return Paginator(queryset, per_page).get_page(params.get("page"))


def query_string_without_page(params: QueryDict) -> str:
    """The query string of the current filters, for the pagination links."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()
