"""Build the portal-API benchmark's dataset: N agencies (default 130, about
100,000 pages; 13 give about 10,000) provisioned by the real
``provision_agencies`` command, then, under each agency's own sections in
Tajik, Russian and English, services, news, competitions and offices inserted
in bulk with COPY, as wagtail-localize leaves translations: one page per
language under that language's section, the three sharing a translation key.

Run it again with a larger N to extend a dataset: agencies whose sections
already hold content are left alone. A few items are not public, so that the
API's filters have something to filter: English translations left as drafts,
expired items, one view-restricted news item per agency, and every 13th
agency deprovisioned. Search indexing is skipped: the API's free-text filter
does not use the search index.

Run through ``bench/run-portal-api``, or directly::

    DATABASE_URL=postgres://... .venv/bin/python bench/api_dataset.py --agencies 13
"""

import argparse
import enum
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api_settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, PageViewRestriction  # noqa: E402

import yaml  # noqa: E402

from agency_sites.models import Agency  # noqa: E402
from agency_sites.services import deprovision_agency  # noqa: E402
from bench.provision_agencies import registry  # noqa: E402
from news.models import CompetitionPage, NewsPage  # noqa: E402
from service_pages.models import (  # noqa: E402
    Audience,
    OfficeKind,
    OfficeOpeningHours,
    OfficePage,
    ServiceCategory,
    ServiceOffice,
    ServicePage,
)
from service_pages.services import create_service_category  # noqa: E402

LANGUAGES = ("tg", "ru", "en")
# Items per agency, each in the three languages.
SERVICES, NEWS, COMPETITIONS, OFFICES = 84, 160, 6, 4
SECTION_SLUGS = ("services", "news", "competitions", "contacts")
# Every DEPROVISIONED_EVERY-th agency of the registry is taken offline.
DEPROVISIONED_EVERY = 13
AGENCIES_PER_BATCH = 10
TEXTS = yaml.safe_load(Path(__file__).with_name("api_texts.yaml").read_text("utf-8"))
PORTAL_SERVICES_URL = "https://portal.example.com/services/"


class Fate(enum.Enum):
    """Whether an item is public, and if not, why."""

    PUBLIC = "public"
    ENGLISH_DRAFT = "English translation never published"
    EXPIRED = "expired"
    EXPIRES_LATER = "public, with an expiry date ahead"


@dataclass(frozen=True)
class Section:
    """One language's page of a standard section of an agency site."""

    pk: int
    path: str
    depth: int
    url_path: str
    numchild: int


@dataclass(frozen=True)
class AgencyTree:
    """An agency of the registry and its sections, by (language, slug)."""

    slug: str
    region: str
    sections: dict[tuple[str, str], Section]

    @property
    def has_content(self) -> bool:
        return any(section.numchild for section in self.sections.values())


@dataclass(frozen=True)
class Item:
    """One content item: its page type, slug, dates and fate, and its fields
    (page title and the model's own columns) by language."""

    model: type[Page]
    section: str
    slug: str
    published: datetime
    updated: datetime
    fate: Fate
    fields: dict[str, dict[str, Any]]


class PageIds:
    """Page ids drawn from wagtailcore_page's own sequence, a block at a time."""

    def __init__(self, block: int = 20_000) -> None:
        self.block = block
        self.reserved: Iterator[int] = iter(())

    def __next__(self) -> int:
        for pk in self.reserved:
            return pk
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) "
                "FROM generate_series(1, %s)",
                [self.block],
            )
            self.reserved = iter([row[0] for row in cursor.fetchall()])
        return next(self.reserved)


@dataclass
class Batch:
    """The rows of a batch of agencies, written with COPY in one transaction."""

    ids: PageIds
    locales: dict[str, int]
    now: datetime
    pages: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[type[models.Model], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    added: Counter = field(default_factory=Counter)

    def add(self, tree: AgencyTree, item: Item) -> dict[str, int]:
        """The item's page in each language, under that language's section;
        returns the page ids by language."""
        key = uuid.uuid4()
        pks = {}
        for language in LANGUAGES:
            parent = tree.sections[(language, item.section)]
            self.added[parent.pk] += 1
            pk = pks[language] = next(self.ids)
            own = dict(item.fields[language])
            title = own.pop("title")
            page = {
                "id": pk,
                "path": Page._get_path(
                    parent.path,
                    parent.depth + 1,
                    parent.numchild + self.added[parent.pk],
                ),
                "depth": parent.depth + 1,
                "numchild": 0,
                "title": title,
                "draft_title": title,
                "slug": item.slug,
                "url_path": f"{parent.url_path}{item.slug}/",
                "content_type_id": content_type_id(item.model),
                "translation_key": key,
                "locale_id": self.locales[language],
                "live": True,
                "has_unpublished_changes": False,
                "expired": False,
                "expire_at": None,
                "first_published_at": item.published,
                "last_published_at": item.updated,
            }
            if item.fate is Fate.ENGLISH_DRAFT and language == "en":
                page.update(
                    live=False,
                    has_unpublished_changes=True,
                    first_published_at=None,
                    last_published_at=None,
                )
            elif item.fate is Fate.EXPIRED:
                page.update(live=False, expired=True, expire_at=self.now)
            elif item.fate is Fate.EXPIRES_LATER:
                page["expire_at"] = self.now + timedelta(days=90)
            self.pages.append(page)
            self.rows[item.model].append({"page_ptr_id": pk, **own})
        return pks

    def write(self) -> None:
        with transaction.atomic():
            copy_rows(Page, self.pages)
            for model, rows in self.rows.items():
                copy_rows(model, rows)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE wagtailcore_page SET numchild = numchild + %s "
                    "WHERE id = %s",
                    [(count, pk) for pk, count in self.added.items()],
                )


@cache
def content_type_id(model: type[models.Model]) -> int:
    return ContentType.objects.get_for_model(model).pk


@cache
def column_defaults(model: type[models.Model]) -> dict[str, Any]:
    """The stored value of each field's default, for the fields a row leaves
    out (auto primary keys excluded: the database numbers those)."""
    return {
        model_field.attname: model_field.get_db_prep_save(
            model_field.get_default(), connection
        )
        for model_field in model._meta.local_concrete_fields
        if not isinstance(model_field, models.AutoField)
    }


def copy_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """COPY rows into the model's own table (its local fields only, as
    multi-table inheritance stores them). Every row has the same keys."""
    if not rows:
        return
    defaults = {
        name: value
        for name, value in column_defaults(model).items()
        if name not in rows[0]
    }
    columns = ", ".join(
        connection.ops.quote_name(name) for name in [*rows[0], *defaults]
    )
    table = connection.ops.quote_name(model._meta.db_table)
    fixed = tuple(defaults.values())
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((*row.values(), *fixed))


def stream_json(model: type[Page], field_name: str, blocks: list[tuple]) -> str:
    """A StreamField value as stored, built by the field's own block."""
    stream_field = model._meta.get_field(field_name)
    value = stream_field.to_python(
        [{"type": kind, "value": value} for kind, value in blocks]
    )
    return json.dumps(
        stream_field.get_prep_value(value), cls=DjangoJSONEncoder, ensure_ascii=False
    )


@cache
def streams(language: str) -> dict[str, str]:
    """The StreamField values every generated item of a language shares."""
    return {
        "documents": stream_json(
            ServicePage,
            "required_documents",
            [
                ("document", {"name": doc[language], "note": "", "form": None})
                for doc in TEXTS["documents"]
            ],
        ),
        "steps": stream_json(
            ServicePage,
            "steps",
            [
                ("step", {"title": step[language], "text": ""})
                for step in TEXTS["steps"]
            ],
        ),
        "body": stream_json(
            NewsPage,
            "body",
            [("paragraph", text) for text in TEXTS["news_paragraphs"][language]],
        ),
        "empty": "[]",
    }


def translated(text: dict[str, str], language: str, **values: object) -> str:
    return text[language].format(**values)


def fate_of(rng: random.Random) -> Fate:
    draw = rng.random()
    if draw < 0.01:
        return Fate.ENGLISH_DRAFT
    if draw < 0.015:
        return Fate.EXPIRED
    if draw < 0.035:
        return Fate.EXPIRES_LATER
    return Fate.PUBLIC


def dates(rng: random.Random, now: datetime, days: int) -> tuple[datetime, datetime]:
    """A first publication within ``days`` before now, and a last one after it."""
    first = (now - timedelta(days=days * rng.random())).replace(microsecond=0)
    last = first + (now - first) * rng.random() * 0.5
    return first, last.replace(microsecond=0)


def office_items(tree: AgencyTree, rng: random.Random, now: datetime) -> Iterator[Item]:
    cities = TEXTS["cities"]
    home_city = next((c for c in cities if c["region"] == tree.region), cities[0])
    for number in range(OFFICES):
        head = number == 0
        city = home_city if head else rng.choice(cities)
        street, building = rng.choice(TEXTS["streets"]), rng.randint(1, 120)
        shared = {
            "kind": OfficeKind.HEAD_OFFICE if head else OfficeKind.SERVICE_CENTER,
            "region": city["region"],
            "latitude": Decimal(city["latitude"]),
            "longitude": Decimal(city["longitude"]),
            "phone": f"+992 37 227 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "email": f"info@{tree.slug}.tj",
        }
        published, updated = dates(rng, now, 730)
        yield Item(
            model=OfficePage,
            section="contacts",
            slug=f"office-{number + 1}",
            published=published,
            updated=updated,
            fate=Fate.PUBLIC,
            fields={
                lang: {
                    **shared,
                    "title": TEXTS["head_office"][lang]
                    if head
                    else translated(TEXTS["service_center"], lang, city=city[lang]),
                    "city": city[lang],
                    "address": translated(
                        TEXTS["address"], lang, street=street[lang], number=building
                    ),
                }
                for lang in LANGUAGES
            },
        )


def service_items(
    tree: AgencyTree,
    rng: random.Random,
    now: datetime,
    categories: list[dict[str, int]],
) -> Iterator[Item]:
    names, qualifiers = TEXTS["services"], TEXTS["service_qualifiers"]
    for number in range(SERVICES):
        name = names[number % len(names)]
        qualifier_number = number // len(names) % len(qualifiers)
        qualifier = qualifiers[qualifier_number]
        code = f"{tree.slug}-{number + 1:03d}"
        is_free = rng.random() < 0.3
        if qualifier_number == 1:
            audience = Audience.BUSINESSES
        else:
            audience = rng.choice([Audience.CITIZENS] * 3 + [Audience.EVERYONE])
        shared = {
            "service_code": code,
            "audience": audience,
            "is_free": is_free,
            "fee_amount": None
            if is_free
            else Decimal(rng.choice([10, 20, 30, 50, 100, 150, 200])),
            "online_url": f"{PORTAL_SERVICES_URL}{code}" if rng.random() < 0.5 else "",
            "phone": f"+992 37 221 {number + 10:02d} {rng.randint(10, 99)}"
            if rng.random() < 0.4
            else "",
            "is_most_requested": number < 5,
            "last_reviewed": (now - timedelta(days=rng.randint(0, 365))).date(),
            "more_information": "[]",
        }
        category = categories[number % len(categories)]
        days = rng.choice([5, 7, 10, 15, 30])
        published, updated = dates(rng, now, 730)
        yield Item(
            model=ServicePage,
            section="services",
            slug=code,
            published=published,
            updated=updated,
            fate=fate_of(rng),
            fields={
                lang: {
                    **shared,
                    "title": (title := name[lang] + qualifier[lang]),
                    "category_id": category[lang],
                    "summary": translated(TEXTS["service_summary"], lang, title=title),
                    "eligibility": TEXTS["eligibility"][lang],
                    "required_documents": streams(lang)["documents"],
                    "steps": streams(lang)["steps"],
                    "fee_note": "" if is_free else TEXTS["fee_note"][lang],
                    "processing_time": translated(
                        TEXTS["processing_time"], lang, days=days
                    ),
                    "legal_basis": TEXTS["legal_basis"][lang],
                    "responsible_unit": TEXTS["responsible_unit"][lang],
                }
                for lang in LANGUAGES
            },
        )


def news_items(tree: AgencyTree, rng: random.Random, now: datetime) -> Iterator[Item]:
    headlines, cities = TEXTS["news_headlines"], TEXTS["cities"]
    for number in range(NEWS):
        headline, city = headlines[number % len(headlines)], rng.choice(cities)
        published, updated = dates(rng, now, 730)
        day = timezone.localdate(published)
        yield Item(
            model=NewsPage,
            section="news",
            slug=f"news-{number + 1:03d}",
            published=published,
            updated=updated,
            fate=fate_of(rng),
            fields={
                lang: {
                    "title": (
                        title := translated(
                            headline,
                            lang,
                            city=city[lang],
                            year=day.year,
                            quarter=(day.month - 1) // 3 + 1,
                        )
                    ),
                    "date": day,
                    "lead": translated(TEXTS["news_lead"], lang, title=title),
                    "body": streams(lang)["body"],
                }
                for lang in LANGUAGES
            },
        )


def competition_items(
    tree: AgencyTree, rng: random.Random, now: datetime
) -> Iterator[Item]:
    positions = TEXTS["positions"]
    for number in range(COMPETITIONS):
        position, unit = positions[number % len(positions)], rng.choice(TEXTS["units"])
        published_on = timezone.localdate(now) - timedelta(days=rng.randint(0, 120))
        published = timezone.make_aware(datetime.combine(published_on, clock(9)))
        shared = {
            "published_on": published_on,
            # Some still open, most closed: a fortnight to six weeks to apply.
            "deadline": published_on + timedelta(days=rng.randint(14, 45)),
            "contact_phone": f"+992 37 223 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "contact_email": f"kadr@{tree.slug}.tj",
            "more_information": "[]",
        }
        grade = rng.randint(1, 5)
        yield Item(
            model=CompetitionPage,
            section="competitions",
            slug=f"competition-{number + 1}",
            published=published,
            updated=published,
            fate=fate_of(rng),
            fields={
                lang: {
                    **shared,
                    "title": translated(
                        TEXTS["competition_title"],
                        lang,
                        position=position[lang],
                        unit=unit[lang],
                    ),
                    "position": position[lang],
                    "unit": unit[lang],
                    "grade": translated(TEXTS["grade"], lang, grade=grade),
                    "requirements": TEXTS["requirements"][lang],
                    "documents_to_submit": TEXTS["documents_to_submit"][lang],
                    "how_to_apply": TEXTS["how_to_apply"][lang],
                    "contact_name": TEXTS["contact_name"][lang],
                }
                for lang in LANGUAGES
            },
        )


def add_agency_content(
    batch: Batch, tree: AgencyTree, categories: list[dict[str, int]]
) -> None:
    """Offices (with opening hours), services (a part handled at offices),
    news (the first one view-restricted) and competitions of one agency."""
    rng = random.Random(tree.slug)
    now = batch.now
    offices = []
    for item in office_items(tree, rng, now):
        pks = batch.add(tree, item)
        offices.append(pks["tg"])
        for pk in pks.values():
            batch.rows[OfficeOpeningHours].extend(
                {
                    "page_id": pk,
                    "sort_order": weekday,
                    "weekday": weekday,
                    "opens": clock(8),
                    "closes": clock(17),
                    "break_starts": clock(12),
                    "break_ends": clock(13),
                }
                for weekday in range(5)
            )
    for item in service_items(tree, rng, now, categories):
        pks = batch.add(tree, item)
        if rng.random() < 0.6:
            # Synchronised links: every translation points at Tajik offices.
            handled_at = rng.sample(offices, rng.randint(1, 2))
            for pk in pks.values():
                batch.rows[ServiceOffice].extend(
                    {"page_id": pk, "office_id": office, "sort_order": order}
                    for order, office in enumerate(handled_at)
                )
    for number, item in enumerate(news_items(tree, rng, now)):
        pks = batch.add(tree, item)
        if number == 0:
            batch.rows[PageViewRestriction].extend(
                {"page_id": pk, "restriction_type": "login", "password": ""}
                for pk in pks.values()
            )
    for item in competition_items(tree, rng, now):
        batch.add(tree, item)


def provision(spec: dict) -> float:
    """Provision the agencies of a registry with the real command; returns
    the time it took."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "agencies.yaml"
        path.write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
        started = time.monotonic()
        call_command("provision_agencies", str(path), language="en", verbosity=0)
        return time.monotonic() - started


def ensure_categories() -> list[dict[str, int]]:
    """Each service category's ids by language; a few are created through
    the service layer when the catalogue has none."""
    if not ServiceCategory.objects.exists():
        for slug, names in TEXTS["categories"].items():
            create_service_category(slug=slug, names=names)
    groups: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for pk, key, language in ServiceCategory.objects.order_by("slug").values_list(
        "pk", "translation_key", "locale__language_code"
    ):
        groups[key][language] = pk
    complete = [ids for ids in groups.values() if set(LANGUAGES) <= set(ids)]
    if not complete:
        raise SystemExit("No service category exists in tg, ru and en.")
    return complete


def agency_trees(slugs: list[str]) -> list[AgencyTree]:
    """The agencies of the registry, in its order, with their sections."""
    agencies = {
        row["site__root_page__translation_key"]: row
        for row in Agency.objects.filter(slug__in=slugs).values(
            "slug", "region", "site__root_page__translation_key"
        )
    }
    homes = {
        home["path"]: (agencies[home["translation_key"]], home["locale__language_code"])
        for home in Page.objects.filter(
            depth=2, translation_key__in=list(agencies)
        ).values("path", "translation_key", "locale__language_code")
    }
    sections: dict[str, dict[tuple[str, str], Section]] = defaultdict(dict)
    for page in Page.objects.filter(depth=3, slug__in=SECTION_SLUGS).values(
        "pk", "path", "depth", "url_path", "numchild", "slug"
    ):
        home = homes.get(page["path"][: Page.steplen * 2])
        if home is not None:
            agency, language = home
            slug = page.pop("slug")
            sections[agency["slug"]][(language, slug)] = Section(**page)
    regions = {row["slug"]: row["region"] for row in agencies.values()}
    return [
        AgencyTree(slug=slug, region=regions[slug], sections=sections[slug])
        for slug in slugs
    ]


def generate_content(trees: list[AgencyTree]) -> int:
    """Content for every agency that has none yet; returns how many agencies
    got some."""
    categories = ensure_categories()
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    ids = PageIds()
    empty = [tree for tree in trees if not tree.has_content]
    started = time.monotonic()
    for start in range(0, len(empty), AGENCIES_PER_BATCH):
        batch = Batch(ids=ids, locales=locales, now=timezone.now())
        for tree in empty[start : start + AGENCIES_PER_BATCH]:
            add_agency_content(batch, tree, categories)
        batch.write()
        done = min(start + AGENCIES_PER_BATCH, len(empty))
        print(
            f"  content: {done}/{len(empty)} agencies, "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )
    return len(empty)


def check_dataset(*, tree_check: bool) -> None:
    """A few pages read back through Wagtail, and (on small datasets) the
    tree's structure checked by treebeard."""
    for model in (ServicePage, NewsPage, CompetitionPage, OfficePage):
        page = model.objects.live().filter(locale__language_code="ru").last()
        url = page.get_url()
        specific = Page.objects.get(pk=page.pk).specific
        assert url and type(specific) is model, (model, url, specific)
        print(f"  {model.__name__}: {url}")
    if tree_check:
        problems = Page.find_problems()
        assert not any(problems), problems
        print("  Page.find_problems(): none")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=130)
    args = parser.parse_args(argv)

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    spec = registry(args.agencies)
    slugs = [agency["slug"] for agency in spec["agencies"]]
    print(f"Provisioning {args.agencies} agencies...", flush=True)
    provisioning = provision(spec)
    print(f"  provisioned in {provisioning:.1f} s", flush=True)
    content_started = time.monotonic()
    filled = generate_content(agency_trees(slugs))
    for number, slug in enumerate(slugs, start=1):
        if number % DEPROVISIONED_EVERY == 0:
            deprovision_agency(slug=slug)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    content = time.monotonic() - content_started
    pages = Page.objects.count()
    check_dataset(tree_check=pages <= 20_000)
    print(
        f"dataset: {args.agencies} agencies ({filled} filled now), {pages} pages; "
        f"provisioning {provisioning:.1f} s, content and VACUUM ANALYZE "
        f"{content:.1f} s, "
        f"total {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
