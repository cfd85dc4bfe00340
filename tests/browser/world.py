"""A citizen's view of one agency, built once per browser test: every page
type in Tajik, Russian and English, with identity, images and an alert."""

from dataclasses import dataclass
from datetime import date, timedelta

from wagtail.models import Locale

from agency_sites.models import AccentColour, AgencySettings
from cms.models import StandardPage
from cms.services import add_published_child
from cms.translation import translate_page
from home.models import AlertBanner
from tests import factories

LANGUAGES = ("tg", "ru", "en")


@dataclass(frozen=True)
class CitizenWorld:
    """Paths of one page of each type (the same in every language)."""

    hostname: str
    paths: dict[str, str]
    service_titles: dict[str, str]
    news_title: str
    competition_title: str


def build_citizen_world(*, hostname: str | None = None) -> CitizenWorld:
    """``hostname``: the agency's, instead of the default mvd.portal.test."""
    tree = factories.provisioned_agency(
        "mvd",
        **({"hostname": hostname} if hostname else {}),
        names={
            "tg": "Вазорати корҳои дохилии Ҷумҳурии Тоҷикистон",
            "ru": "Министерство внутренних дел Республики Таджикистан",
            "en": "Ministry of Internal Affairs of the Republic of Tajikistan",
        },
    )
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    emblem = factories.ImageFactory(title="Нишони вазорат", width=300, height=300)
    row = AgencySettings.objects.get(site=tree.agency.site)
    row.emblem = emblem
    row.accent_colour = AccentColour.NAVY
    row.phone = "+992 37 221-00-00"
    row.email = "info@mvd.example"
    row.address_tg = "ш. Душанбе, кӯчаи Теҳрон 29"
    row.address_ru = "г. Душанбе, улица Тегеран 29"
    row.address_en = "29 Tehran Street, Dushanbe"
    row.telegram_url = "https://t.me/mvd_example"
    row.save()

    office = factories.office(tree, title="Маркази хизматрасонии давлатӣ")
    service = factories.service(
        tree,
        title="Гирифтани шиноснома",
        slug="passport",
        summary="Додани шиносномаи шаҳрванди Ҷумҳурии Тоҷикистон.",
        offices=[office],
        online_url="https://portal.example.com/passport",
        phone="+992 37 221-00-02",
        is_most_requested=True,
        required_documents=[
            ("document", {"name": "Шаҳодатномаи таваллуд", "note": "Асл", "form": None})
        ],
        steps=[
            ("step", {"title": "Ҳуҷҷатҳоро омода кунед", "text": ""}),
            ("step", {"title": "Ариза пешниҳод кунед", "text": ""}),
        ],
    )
    image = factories.ImageFactory(
        title="Бинои вазорат", description="Бинои вазорат", width=1600, height=900
    )
    news = factories.news_item(
        tree,
        title="Қабули ҳуҷҷатҳо оғоз шуд",
        slug="documents-accepted",
        image=image,
        date=date.today() - timedelta(days=1),
    )
    competition = factories.competition(
        tree, title="Озмун барои вазифаи мутахассис", slug="specialist"
    )
    about = tree.sections["about"]
    leadership = add_published_child(
        parent=about,
        page=StandardPage(
            title="Роҳбарият",
            slug="leadership",
            intro="Роҳбарияти вазорат.",
            body=[
                ("heading", {"text": "Вазифаҳо", "level": "h2"}),
                ("paragraph", "<p>Матни асосӣ.</p>"),
                ("image", {"image": image, "caption": "Бино", "credit": ""}),
                (
                    "notice",
                    {"level": "warning", "title": "Диққат", "text": "<p>Баста.</p>"},
                ),
                (
                    "steps",
                    {
                        "heading": "Тартиб",
                        "steps": [{"title": "Қадами якум", "text": ""}],
                    },
                ),
                (
                    "accordion",
                    {
                        "heading": "Саволҳо",
                        "items": [{"title": "Чӣ тавр?", "text": "<p>Ҳамин тавр.</p>"}],
                    },
                ),
            ],
        ),
    )
    titles = {
        "ru": {
            service: {"title": "Получение паспорта", "summary": "Выдача паспорта."},
            office: {"title": "Центр государственных услуг"},
            news: {"title": "Начат приём документов", "lead": "Приём начат."},
            competition: {
                "title": "Конкурс на должность специалиста",
                "position": "Ведущий специалист",
            },
            leadership: {"title": "Руководство", "intro": "Руководство министерства."},
        },
        "en": {
            service: {"title": "Getting a passport", "summary": "Passports issued."},
            office: {"title": "Public Services Center"},
            news: {"title": "Documents now accepted", "lead": "Intake has begun."},
            competition: {
                "title": "Competition for a specialist position",
                "position": "Lead specialist",
            },
            leadership: {"title": "Leadership", "intro": "The ministry's leadership."},
        },
    }
    for code, pages in titles.items():
        for page, strings in pages.items():
            translate_page(page, locale=locales[code], strings=strings)
    for code, message in [
        ("tg", "Қабули шаҳрвандон рӯзи шанбе баста аст."),
        ("ru", "В субботу приём граждан не ведётся."),
        ("en", "There is no reception on Saturday."),
    ]:
        alert = AlertBanner.objects.create(
            agency=tree.agency,
            locale=locales[code],
            message=message,
            severity="warning",
            live=False,
        )
        alert.save_revision().publish()
    return CitizenWorld(
        hostname=tree.hostname,
        paths={
            "home": "/{lang}/",
            "service index": "/{lang}/services/",
            "service": "/{lang}/services/passport/",
            "office index": "/{lang}/contacts/",
            "office": f"/{{lang}}/contacts/{office.slug}/",
            "news index": "/{lang}/news/",
            "news": "/{lang}/news/documents-accepted/",
            "competition index": "/{lang}/competitions/",
            "competition": "/{lang}/competitions/specialist/",
            "standard page": "/{lang}/about/leadership/",
            "search": "/{lang}/search/?q=passport",
            "not found": "/{lang}/no-such-page/",
        },
        service_titles={
            "tg": "Гирифтани шиноснома",
            "ru": "Получение паспорта",
            "en": "Getting a passport",
        },
        news_title="Қабули ҳуҷҷатҳо оғоз шуд",
        competition_title="Озмун барои вазифаи мутахассис",
    )
