"""Demo content of the service catalogue: the six services the portal names
(data/services.yaml) on their agencies, their categories, each agency's
head office and a Public Services Center in Dushanbe, in three languages.

Fees, times and documents here are illustrative: the reference lists only
the services' names and codes; real figures are for agency editors.
"""

from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import NotRequired, TypedDict

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import ngettext

import yaml

from agency_sites.demo import agency_sections, translate_everywhere
from service_pages.models import (
    OfficeIndexPage,
    OfficePage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)
from service_pages.services import (
    Hours,
    create_office,
    create_service,
    create_service_category,
)

SERVICES_FILE = Path(__file__).resolve().parent / "data" / "services.yaml"
# The real address of the state-services portal is for editors to enter;
# the demo links to a documentation domain.
DEMO_PORTAL_URL = "https://portal.example.com/services/"

CATEGORIES = {
    "certificates": {"tg": "Маълумотномаҳо", "ru": "Справки", "en": "Certificates"},
    "transport": {"tg": "Нақлиёт", "ru": "Транспорт", "en": "Transport"},
    "taxes": {"tg": "Андозҳо", "ru": "Налоги", "en": "Taxes"},
    "family": {
        "tg": "Оила ва маросимҳо",
        "ru": "Семья и обряды",
        "en": "Family and ceremonies",
    },
}

PASSPORT = {
    "tg": "Шиносномаи шаҳрванди Ҷумҳурии Тоҷикистон",
    "ru": "Паспорт гражданина Республики Таджикистан",
    "en": "Passport of a citizen of the Republic of Tajikistan",
}
APPLICATION = {"tg": "Ариза", "ru": "Заявление", "en": "Application"}
RECEIPT = {
    "tg": "Квитансияи пардохти боҷ",
    "ru": "Квитанция об оплате пошлины",
    "en": "Receipt for the paid duty",
}
REGISTRATION = {
    "tg": "Шаҳодатномаи бақайдгирии давлатӣ",
    "ru": "Свидетельство о государственной регистрации",
    "en": "Certificate of state registration",
}
VEHICLE_PAPERS = {
    "tg": "Шаҳодатномаи бақайдгирии воситаи нақлиёт",
    "ru": "Свидетельство о регистрации транспортного средства",
    "en": "Vehicle registration certificate",
}
ORIGINAL_AND_COPY = {
    "tg": "асл ва як нусха",
    "ru": "оригинал и одна копия",
    "en": "original and one copy",
}
STEPS = [
    {
        "tg": "Ҳуҷҷатҳоро омода кунед",
        "ru": "Подготовьте документы",
        "en": "Prepare the documents",
    },
    {
        "tg": "Ариза пешниҳод кунед",
        "ru": "Подайте заявление",
        "en": "Submit the application",
    },
    {"tg": "Боҷро пардохт кунед", "ru": "Оплатите пошлину", "en": "Pay the duty"},
    {"tg": "Натиҷаро гиред", "ru": "Получите результат", "en": "Receive the result"},
]
FEE_NOTE = {
    "tg": "Маблағи намунавӣ барои намоиш",
    "ru": "Условная сумма для демонстрации",
    "en": "Illustrative amount for the demo",
}
RESPONSIBLE_UNIT = {
    "tg": "Шӯъбаи хизматрасонӣ ба шаҳрвандон",
    "ru": "Отдел обслуживания граждан",
    "en": "Citizen services department",
}

# What the demo says about each service of data/services.yaml.
# One text in each content language, keyed by language code.
Texts = dict[str, str]


class ServiceDetails(TypedDict):
    category: str
    audience: str
    fee: Decimal | None
    days: int
    documents: list[Texts]
    summary: Texts
    most_requested: NotRequired[bool]


class ReferenceService(TypedDict):
    """A service of data/services.yaml."""

    code: str
    agency: str
    names: Texts


DETAILS: dict[str, ServiceDetails] = {
    "driving-power-of-attorney": {
        "category": "transport",
        "audience": "citizens",
        "fee": Decimal("20"),
        "days": 1,
        "documents": [PASSPORT, VEHICLE_PAPERS, APPLICATION],
        "summary": {
            "tg": "Ваколатнома барои идора кардани воситаи нақлиёти шахси дигар.",
            "ru": "Доверенность на управление транспортным средством другого лица.",
            "en": "A power of attorney to drive a vehicle owned by someone else.",
        },
        "most_requested": True,
    },
    "tinted-windows-permit": {
        "category": "transport",
        "audience": "everyone",
        "fee": Decimal("150"),
        "days": 5,
        "documents": [PASSPORT, VEHICLE_PAPERS, APPLICATION, RECEIPT],
        "summary": {
            "tg": "Иҷозат барои истифодаи воситаи нақлиёт бо шишаҳои тира.",
            "ru": "Разрешение на эксплуатацию автомобиля с тонированными стёклами.",
            "en": "Permission to use a vehicle with tinted windows.",
        },
    },
    "excise-stamp-certificate": {
        "category": "taxes",
        "audience": "businesses",
        "fee": None,
        "days": 3,
        "documents": [REGISTRATION, APPLICATION],
        "summary": {
            "tg": "Маълумотнома барои гирифтани тамғаҳои аксизӣ аз ҷониби корхонаҳо.",
            "ru": "Справка, по которой предприятие получает акцизные марки.",
            "en": "The certificate a business needs to obtain excise stamps.",
        },
    },
    "criminal-record-check": {
        "category": "certificates",
        "audience": "citizens",
        "fee": Decimal("30"),
        "days": 10,
        "documents": [PASSPORT, APPLICATION, RECEIPT],
        "summary": {
            "tg": "Маълумотнома дар бораи доштан ё надоштани доғи судӣ.",
            "ru": "Справка о наличии или отсутствии судимости.",
            "en": "A certificate stating whether a person has a criminal record.",
        },
        "most_requested": True,
    },
    "wedding-registration": {
        "category": "family",
        "audience": "citizens",
        "fee": None,
        "days": 3,
        "documents": [PASSPORT, APPLICATION],
        "summary": {
            "tg": "Бақайдгирии маросими тӯй пеш аз баргузории он.",
            "ru": "Регистрация свадебного торжества до его проведения.",
            "en": "Registering a wedding ceremony before it takes place.",
        },
    },
    "funeral-registration": {
        "category": "family",
        "audience": "citizens",
        "fee": None,
        "days": 1,
        "documents": [PASSPORT, APPLICATION],
        "summary": {
            "tg": "Бақайдгирии маросими дафн.",
            "ru": "Регистрация похоронного обряда.",
            "en": "Registering a funeral ceremony.",
        },
    },
}


def processing_time(days: int, language_code: str) -> str:
    """ "Up to 3 working days" in the language, with its plural rules."""
    with translation.override(language_code):
        return ngettext(
            "up to %(days)s working day", "up to %(days)s working days", days
        ) % {"days": days}


HEAD_OFFICE: dict[str, Texts] = {
    "title": {
        "tg": "Дастгоҳи марказӣ",
        "ru": "Центральный аппарат",
        "en": "Head office",
    },
    "address": {
        "tg": "хиёбони Рӯдакӣ",
        "ru": "проспект Рудаки",
        "en": "Rudaki Avenue",
    },
}
SERVICE_CENTER: dict[str, Texts] = {
    "title": {
        "tg": "Маркази хизматрасонии давлатии шаҳри Душанбе",
        "ru": "Центр государственных услуг города Душанбе",
        "en": "Dushanbe Public Services Center",
    },
    "address": {"tg": "кӯчаи Шотемур", "ru": "улица Шотемура", "en": "Shotemur Street"},
}
CITY = {"tg": "Душанбе", "ru": "Душанбе", "en": "Dushanbe"}
WORKING_WEEK = [
    *(
        Hours(
            weekday=day,
            opens=time(8),
            closes=time(17),
            break_starts=time(12),
            break_ends=time(13),
        )
        for day in range(5)
    ),
    Hours(weekday=5, opens=time(9), closes=time(13)),
]
# Fixed-date public holidays of Tajikistan (month, day); the religious ones
# move each year and are left to editors.
PUBLIC_HOLIDAYS = [
    (1, 1),
    (3, 8),
    (3, 21),
    (3, 22),
    (3, 23),
    (3, 24),
    (5, 1),
    (5, 9),
    (6, 27),
    (9, 9),
    (11, 6),
]


def load_services() -> int:
    """Categories, offices and the six services, where missing."""
    created = _load_categories()
    reference: list[ReferenceService] = yaml.safe_load(
        SERVICES_FILE.read_text(encoding="utf-8")
    )["services"]
    offices = {}
    for slug in dict.fromkeys(entry["agency"] for entry in reference):
        sections = agency_sections(slug)
        if not sections:
            continue
        offices[slug], count = _load_offices(slug, sections["contacts"])
        created += count
    for entry in reference:
        sections = agency_sections(entry["agency"])
        if (
            sections
            and not ServicePage.objects.filter(service_code=entry["code"]).exists()
        ):
            _create_demo_service(entry, sections["services"], offices[entry["agency"]])
            created += 1
    return created


def _load_categories() -> int:
    created = 0
    for slug, names in CATEGORIES.items():
        if not ServiceCategory.objects.filter(slug=slug).exists():
            create_service_category(slug=slug, names=names)
            created += 1
    return created


def _load_offices(
    agency_slug: str, index: OfficeIndexPage
) -> tuple[list[OfficePage], int]:
    """The agency's head office; in Dushanbe also its Public Services Center."""
    wanted = [("head-office", "head_office", HEAD_OFFICE, "1")]
    if agency_slug == "dushanbe":
        wanted.append(
            ("public-services-center", "service_center", SERVICE_CENTER, "10")
        )
    offices, created = [], 0
    for slug, kind, text, number in wanted:
        office = OfficePage.objects.child_of(index).filter(slug=slug).first()
        if office is None:
            office = _create_demo_office(index, slug, kind, text, number)
            created += 1
        offices.append(office)
    return offices, created


def _create_demo_office(
    index: OfficeIndexPage, slug: str, kind: str, text: dict[str, Texts], number: str
) -> OfficePage:
    default = settings.LANGUAGE_CODE
    office = create_office(
        index=index,
        title=text["title"][default],
        slug=slug,
        kind=kind,
        address=f"{text['address'][default]} {number}",
        city=CITY[default],
        region="dushanbe",
        latitude=Decimal("38.559772"),
        longitude=Decimal("68.787038"),
        phone="+992 37 000-00-00",
        hours=WORKING_WEEK,
        special_days=[(day, None, None) for day in _upcoming_holidays()],
    )
    translate_everywhere(
        office,
        strings={
            code: {
                "title": text["title"][code],
                "address": f"{text['address'][code]} {number}",
                "city": CITY[code],
            }
            for code in ("ru", "en")
        },
    )
    return office


def _create_demo_service(
    entry: ReferenceService, index: ServiceIndexPage, offices: list[OfficePage]
) -> None:
    default = settings.LANGUAGE_CODE
    details = DETAILS[entry["code"]]
    fee = details["fee"]
    category = ServiceCategory.objects.get(
        slug=details["category"], locale__language_code=default
    )
    steps = STEPS if fee else [step for step in STEPS if step is not STEPS[2]]
    service = create_service(
        index=index,
        title=entry["names"][default],
        slug=entry["code"],
        service_code=entry["code"],
        category=category,
        audience=details["audience"],
        summary=details["summary"][default],
        required_documents=[
            (
                "document",
                {"name": document[default], "note": ORIGINAL_AND_COPY[default]},
            )
            for document in details["documents"]
        ],
        steps=[("step", {"title": step[default], "text": ""}) for step in steps],
        is_free=fee is None,
        fee_amount=fee,
        fee_note=FEE_NOTE[default] if fee else "",
        processing_time=processing_time(details["days"], default),
        online_url=f"{DEMO_PORTAL_URL}{entry['code']}",
        responsible_unit=RESPONSIBLE_UNIT[default],
        is_most_requested=details.get("most_requested", False),
        last_reviewed=timezone.localdate(),
        offices=offices,
    )
    translated_texts = [*details["documents"], ORIGINAL_AND_COPY, *steps]
    translate_everywhere(
        service,
        strings={
            code: {
                "title": entry["names"][code],
                "slug": entry["code"],
                "summary": details["summary"][code],
                "fee_note": FEE_NOTE[code] if fee else "",
                "processing_time": processing_time(details["days"], code),
                "responsible_unit": RESPONSIBLE_UNIT[code],
            }
            for code in ("ru", "en")
        },
        texts={
            code: {text[default]: text[code] for text in translated_texts}
            for code in ("ru", "en")
        },
    )


def _upcoming_holidays() -> list[date]:
    today = timezone.localdate()
    days = [
        date(year, month, day)
        for year in (today.year, today.year + 1)
        for month, day in PUBLIC_HOLIDAYS
    ]
    return [day for day in days if today <= day][:8]
