"""Demo content of news and competitions: topics, a few news items and an
open competition on each demo agency, in three languages. Invented for the
demo; nothing here is an official announcement."""

from datetime import date, timedelta
from typing import NotRequired, TypedDict

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

from agency_sites.demo import agency_sections, translate_everywhere
from agency_sites.models import Agency
from news.models import (
    CompetitionIndexPage,
    CompetitionPage,
    NewsIndexPage,
    NewsPage,
    NewsTopic,
)
from news.services import create_competition, create_news, create_news_topic
from news.status import dushanbe_today

# One text in each content language, keyed by language code.
Texts = dict[str, str]


class DemoAct(TypedDict):
    kind: str
    number: str
    title: Texts


class DemoNews(TypedDict):
    slug: str
    days_ago: int
    topics: list[str]
    title: Texts
    lead: Texts
    paragraph: Texts
    # The order the news is about, published with its number and date.
    act: NotRequired[DemoAct]


class DemoCompetition(TypedDict):
    title: Texts
    position: Texts
    unit: Texts
    grade: Texts
    requirements: Texts
    documents: list[Texts]
    how_to_apply: Texts
    contact: Texts


DEMO_AGENCIES = ["mvd", "andoz", "dushanbe"]
LANGUAGES = ("ru", "en")

TOPICS: dict[str, Texts] = {
    "e-government": {
        "tg": "Ҳукумати электронӣ",
        "ru": "Электронное правительство",
        "en": "E-government",
    },
    "citizen-services": {
        "tg": "Хизматрасонӣ ба шаҳрвандон",
        "ru": "Обслуживание граждан",
        "en": "Citizen services",
    },
    "civil-service": {
        "tg": "Хизмати давлатӣ",
        "ru": "Государственная служба",
        "en": "Civil service",
    },
}

NEWS: list[DemoNews] = [
    {
        "slug": "online-services",
        "days_ago": 2,
        "topics": ["e-government", "citizen-services"],
        "title": {
            "tg": "Хизматрасониҳо акнун тавассути портали ягона дастрасанд",
            "ru": "Услуги теперь доступны через единый портал",
            "en": "Services now available through the unified portal",
        },
        "lead": {
            "tg": "Шаҳрвандон метавонанд аризаро бе ташриф ба идора пешниҳод кунанд.",
            "ru": "Граждане могут подать заявление, не приходя в учреждение.",
            "en": "Citizens can apply without visiting an office.",
        },
        "paragraph": {
            "tg": (
                "Рӯйхати хизматрасониҳо ва ҳуҷҷатҳои зарурӣ дар бахши "
                "«Хизматрасониҳо» оварда шудааст."
            ),
            "ru": (
                "Перечень услуг и необходимых документов приведён в разделе «Услуги»."
            ),
            "en": (
                "The list of services and the documents they need is in "
                "the Services section."
            ),
        },
    },
    {
        "slug": "reception-hours",
        "days_ago": 30,
        "topics": ["citizen-services"],
        "title": {
            "tg": "Тартиби нави қабули шаҳрвандон",
            "ru": "Новый порядок приёма граждан",
            "en": "New reception hours for citizens",
        },
        "lead": {
            "tg": "Қабули шаҳрвандон рӯзи шанбе низ гузаронида мешавад.",
            "ru": "Приём граждан теперь ведётся и по субботам.",
            "en": "Citizens are now also received on Saturdays.",
        },
        "paragraph": {
            "tg": "Соатҳои корӣ дар саҳифаи «Тамос» нашр шудаанд.",
            "ru": "Часы работы опубликованы на странице «Контакты».",
            "en": "Opening hours are published on the Contacts page.",
        },
        "act": {
            "kind": "order",
            "number": "15",
            "title": {
                "tg": "Дар бораи тартиби қабули шаҳрвандон дар рӯзи шанбе",
                "ru": "О порядке приёма граждан по субботам",
                "en": "On receiving citizens on Saturdays",
            },
        },
    },
    {
        "slug": "competition-announced",
        "days_ago": 400,
        "topics": ["civil-service"],
        "title": {
            "tg": "Озмун барои ишғоли мансабҳои холӣ эълон шуд",
            "ru": "Объявлен конкурс на замещение вакантных должностей",
            "en": "Competition announced for vacant positions",
        },
        "lead": {
            "tg": "Ҳуҷҷатҳо то санаи дар эълон зикршуда қабул карда мешаванд.",
            "ru": "Документы принимаются до даты, указанной в объявлении.",
            "en": "Applications are accepted until the date in the announcement.",
        },
        "paragraph": {
            "tg": "Талабот ва рӯйхати ҳуҷҷатҳо дар бахши «Озмунҳо» оварда шудаанд.",
            "ru": "Требования и перечень документов приведены в разделе «Конкурсы».",
            "en": "Requirements and documents are listed in the Competitions section.",
        },
    },
]

COMPETITION: DemoCompetition = {
    "title": {
        "tg": "Озмун барои мансаби сармутахассис",
        "ru": "Конкурс на должность главного специалиста",
        "en": "Competition for the post of chief specialist",
    },
    "position": {
        "tg": "Сармутахассис",
        "ru": "Главный специалист",
        "en": "Chief specialist",
    },
    "unit": {
        "tg": "Раёсати кадрҳо",
        "ru": "Управление кадров",
        "en": "Human resources department",
    },
    "grade": {"tg": "Категорияи 4", "ru": "Категория 4", "en": "Category 4"},
    "requirements": {
        "tg": "Маълумоти олии касбӣ ва на камтар аз се соли собиқаи корӣ.",
        "ru": "Высшее профессиональное образование и не менее трёх лет стажа.",
        "en": "Higher professional education and at least three years of experience.",
    },
    "documents": [
        {"tg": "Ариза", "ru": "Заявление", "en": "Application"},
        {"tg": "Тарҷумаи ҳол", "ru": "Автобиография", "en": "Curriculum vitae"},
        {
            "tg": "Нусхаи ҳуҷҷат дар бораи таҳсил",
            "ru": "Копия документа об образовании",
            "en": "Copy of the education diploma",
        },
    ],
    "how_to_apply": {
        "tg": "Ҳуҷҷатҳоро ба раёсати кадрҳо дар рӯзҳои корӣ супоред.",
        "ru": "Документы сдаются в управление кадров в рабочие дни.",
        "en": "Hand the documents to the human resources department on working days.",
    },
    "contact": {
        "tg": "Раёсати кадрҳо",
        "ru": "Управление кадров",
        "en": "Human resources",
    },
}


def load_news() -> int:
    """Topics, news items and one open competition per demo agency, where
    missing."""
    created = _load_topics()
    default = settings.LANGUAGE_CODE
    topics = {
        topic.slug: topic
        for topic in NewsTopic.objects.filter(locale__language_code=default)
    }
    for slug in DEMO_AGENCIES:
        sections = agency_sections(slug)
        if not sections:
            continue
        for item in NEWS:
            if (
                not NewsPage.objects.child_of(sections["news"])
                .filter(slug=item["slug"])
                .exists()
            ):
                _create_demo_news(sections["news"], item, topics)
                created += 1
        competitions = CompetitionPage.objects.child_of(sections["competitions"])
        if not competitions.filter(slug="chief-specialist").exists():
            _create_demo_competition(sections["competitions"])
            created += 1
    return created


def _load_topics() -> int:
    created = 0
    for slug, names in TOPICS.items():
        if not NewsTopic.objects.filter(slug=slug).exists():
            create_news_topic(slug=slug, names=names)
            created += 1
    return created


def _create_demo_news(
    index: NewsIndexPage, item: DemoNews, topics: dict[str, NewsTopic]
) -> None:
    default = settings.LANGUAGE_CODE
    day = timezone.localdate() - timedelta(days=item["days_ago"])
    body: list[tuple[str, object]] = [
        ("paragraph", f"<p>{item['paragraph'][default]}</p>")
    ]
    act = item.get("act")
    if act is not None:
        body.append(("legal_acts", _demo_act(index, act, signed=day)))
    news = create_news(
        index=index,
        title=item["title"][default],
        slug=item["slug"],
        date=day,
        lead=item["lead"][default],
        body=body,
        topics=[topics[slug] for slug in item["topics"]],
    )
    translate_everywhere(
        news,
        strings={
            code: {"title": item["title"][code], "lead": item["lead"][code]}
            for code in LANGUAGES
        },
        texts={
            code: {
                item["paragraph"][default]: item["paragraph"][code],
                **({act["title"][default]: act["title"][code]} if act else {}),
            }
            for code in LANGUAGES
        },
    )


# The smallest well-formed PDF: one blank A4 page (the demo's stand-in for
# the signed act).
BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_act(index: NewsIndexPage, act: DemoAct, *, signed: date) -> dict[str, object]:
    """The act as an "official documents" block, its text uploaded to the
    agency's document collection."""
    default = settings.LANGUAGE_CODE
    agency = Agency.objects.filter(site__root_page__pk=index.get_parent().pk).first()
    document = get_document_model()(
        title=act["title"][default],
        file=ContentFile(BLANK_PDF, name=f"order-{act['number']}.pdf"),
    )
    if agency is not None and agency.document_collection_id is not None:
        document.collection_id = agency.document_collection_id
    document.save()
    return {
        "heading": "",
        "acts": [
            {
                "kind": act["kind"],
                "title": act["title"][default],
                "number": act["number"],
                "date": signed,
                "document": document,
            }
        ],
    }


def _create_demo_competition(index: CompetitionIndexPage) -> None:
    default = settings.LANGUAGE_CODE
    text = COMPETITION
    today = dushanbe_today()

    def items(language: str) -> str:
        return "".join(
            f"<li>{document[language]}</li>" for document in text["documents"]
        )

    competition = create_competition(
        index=index,
        title=text["title"][default],
        slug="chief-specialist",
        position=text["position"][default],
        unit=text["unit"][default],
        grade=text["grade"][default],
        published_on=today - timedelta(days=5),
        deadline=today + timedelta(days=25),
        requirements=f"<p>{text['requirements'][default]}</p>",
        documents_to_submit=f"<ul>{items(default)}</ul>",
        how_to_apply=f"<p>{text['how_to_apply'][default]}</p>",
        contact_name=text["contact"][default],
        contact_phone="+992 37 000-00-01",
    )
    translate_everywhere(
        competition,
        strings={
            code: {
                "title": text["title"][code],
                "position": text["position"][code],
                "unit": text["unit"][code],
                "grade": text["grade"][code],
                "contact_name": text["contact"][code],
            }
            for code in LANGUAGES
        },
        texts={
            code: {
                text["requirements"][default]: text["requirements"][code],
                text["how_to_apply"][default]: text["how_to_apply"][code],
                **{document[default]: document[code] for document in text["documents"]},
            }
            for code in LANGUAGES
        },
    )
