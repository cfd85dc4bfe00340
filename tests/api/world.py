"""A small platform for the API tests: online agencies with public content
in three languages, and, seeded with sentinel strings, everything the API
must never show: drafts, unpublished changes, private, expired and
deprovisioned content."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

from agency_sites.services import deprovision_agency
from cms.translation import translate_page, translate_page_into
from service_pages.models import ServiceOffice
from tests.factories.content import (
    AgencyTree,
    ImageFactory,
    competition,
    news_item,
    news_topic,
    office,
    provisioned_agency,
    service,
    service_category,
)

#: Every hidden thing carries this; no API response may ever contain it.
SENTINEL = "ZZSECRETZZ"


@dataclass
class ApiWorld:
    trees: dict[str, AgencyTree]
    public: dict[str, Page] = field(default_factory=dict)
    hidden: dict[str, Page] = field(default_factory=dict)

    @property
    def hidden_ids(self) -> list[int]:
        return [page.pk for page in self.hidden.values()]


def _translate(page: Page, **titles: str) -> list[Page]:
    """Publish translations of ``page`` with these titles (by language)."""
    return translate_page_into(
        page,
        translations={
            Locale.objects.get(language_code=code): {
                "title": title,
                "slug": f"{page.slug}-{code}",
            }
            for code, title in titles.items()
        },
    )


def build_api_world(*, extra_agencies: int = 0) -> ApiWorld:
    today = timezone.localdate()
    trees = {slug: provisioned_agency(slug) for slug in ("mvd", "minfin", "dushanbe")}
    for number in range(extra_agencies):
        slug = f"district-{number:02d}"
        trees[slug] = provisioned_agency(slug)
    world = ApiWorld(trees=trees)
    mvd, minfin = trees["mvd"], trees["minfin"]

    documents = service_category("documents")
    transport = service_category("transport")
    topic = news_topic("roads")

    centre = office(mvd, title="Маркази хизматрасонии давлатии Душанбе")
    _translate(
        centre,
        ru="Центр государственных услуг Душанбе",
        en="Dushanbe Public Services Center",
    )
    world.public["office"] = centre
    world.public["office-khujand"] = office(
        minfin, title="Идораи Хуҷанд", city="Хуҷанд", region="sughd"
    )

    licence = service(
        mvd,
        title="Ваколатнома барои идораи воситаи нақлиёт",
        service_code="vehicle-power-of-attorney",
        category=transport,
        audience="citizens",
        online_url="https://my.gov.tj/services/poa",
        is_most_requested=True,
    )
    ServiceOffice.objects.create(page=licence, office=centre)
    _translate(
        licence,
        ru="Доверенность на управление транспортным средством",
        en="Power of attorney to drive a vehicle",
    )
    world.public["service"] = licence
    # Only in Tajik: Russian and English readers get it with is_fallback.
    world.public["service-tg-only"] = service(
        mvd,
        title="Иҷозат барои тира кардани шишаҳо",
        service_code="tinted-windows-permit",
        category=transport,
        audience="citizens",
        phone="+992 37 221-11-11",
    )
    for number in range(5):
        world.public[f"service-minfin-{number}"] = service(
            minfin,
            title=f"Маълумотнома оид ба аксизи {number}",
            service_code=f"excise-certificate-{number}",
            category=documents,
            audience="businesses",
            is_free=True,
            fee_amount=None,
        )

    # Every public news item has an image and a topic, so that every list
    # of news takes the same path whatever its length.
    photo = ImageFactory(description="Роҳи нав")
    story = news_item(
        mvd,
        title="Роҳи нав кушода шуд",
        date=today,
        topics=[topic, news_topic("elections")],
        image=photo,
    )
    _translate(story, ru="Открыта новая дорога", en="A new road opened")
    world.public["news"] = story
    for number in range(4):
        world.public[f"news-old-{number}"] = news_item(
            minfin,
            title=f"Хабари бойгонӣ {number}",
            date=today - timedelta(days=30 * (number + 1)),
            topics=[topic],
            image=photo,
        )

    world.public["competition-open"] = competition(
        mvd, title="Озмун барои мутахассис", deadline=today + timedelta(days=10)
    )
    world.public["competition-closed"] = competition(
        minfin,
        title="Озмуни гузашта",
        published_on=today - timedelta(days=40),
        deadline=today - timedelta(days=20),
    )

    # --- what must never be seen -------------------------------------------
    draft = service(mvd, title=f"Хизмати нав {SENTINEL}", service_code="draft-service")
    draft.unpublish()
    world.hidden["draft"] = draft

    changed = news_item(mvd, title="Хабари иваз шуда", topics=[topic], image=photo)
    changed.title = f"Сарлавҳаи нав {SENTINEL}"
    changed.lead = f"Лид {SENTINEL}"
    changed.save_revision()  # a draft of unpublished changes, never published
    world.public["news-with-draft"] = changed

    private = news_item(mvd, title=f"Ахбори дохилӣ {SENTINEL}", lead=SENTINEL)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    world.hidden["private"] = private

    members_only = service(
        minfin,
        title=f"Хизмати махфӣ {SENTINEL}",
        service_code="members-only",
        summary=SENTINEL,
    )
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )
    world.hidden["login-only"] = members_only

    expired = competition(
        minfin,
        title=f"Озмуни мӯҳлаташ гузашта {SENTINEL}",
        position=SENTINEL,
    )
    # Past its expiry, before the scheduler has unpublished it.
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(hours=1)
    )
    world.hidden["expired"] = expired

    draft_translation = translate_page(
        world.public["service-minfin-0"],
        locale=Locale.objects.get(language_code="en"),
        strings={"title": f"Excise certificate {SENTINEL}", "slug": "excise-en"},
    )
    draft_translation.unpublish()
    world.hidden["draft-translation"] = draft_translation

    offline = provisioned_agency(
        "closed-agency",
        names={
            "tg": f"Идораи пӯшида {SENTINEL}",
            "ru": f"Закрытое ведомство {SENTINEL}",
            "en": f"Closed agency {SENTINEL}",
        },
    )
    world.trees["closed-agency"] = offline
    world.hidden["offline-service"] = service(
        offline, title=f"Хизмати идораи пӯшида {SENTINEL}", service_code="offline-1"
    )
    world.hidden["offline-news"] = news_item(
        offline, title=f"Хабари идораи пӯшида {SENTINEL}", date=date.today()
    )
    world.hidden["offline-competition"] = competition(
        offline, title=f"Озмуни идораи пӯшида {SENTINEL}"
    )
    world.hidden["offline-office"] = office(offline, title=f"Идораи пӯшида {SENTINEL}")
    deprovision_agency(slug="closed-agency")
    return world
