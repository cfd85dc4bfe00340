"""What an editor is told when a service or an office is wrong, in the
editor's own language."""

from django.test import TestCase

from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, rich_text
from wagtail.users.models import UserProfile

from service_pages.models import OfficePage, ServicePage
from tests import factories
from tests.admin_forms import add_form_data, add_page_url


class EditorValidationTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = factories.provisioned_agency("mvd")
        cls.other = factories.provisioned_agency("adliya")
        cls.category = factories.service_category("documents")
        cls.office = factories.office(cls.tree)
        cls.foreign_office = factories.office(cls.other)
        cls.existing = factories.service(
            cls.tree, service_code="criminal-record-check", category=cls.category
        )

    def setUp(self):
        self.editor = self.create_superuser("editor")
        self.speak("ru")
        self.client.force_login(self.editor)

    def speak(self, language: str) -> None:
        """The editor's admin language, as chosen in their account."""
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = language
        profile.save()

    def post_service(self, **values):
        fields = {
            "title": "Справка",
            "slug": "spravka",
            "service_code": "new-service",
            "category": str(self.category.pk),
            "audience": "citizens",
            "summary": "Выдача справки.",
            "eligibility": rich_text(""),
            "legal_basis": rich_text(""),
            "fee_amount": "30",
            "offices": inline_formset([]),
        }
        fields.update(values)
        index = self.tree.sections["services"]
        data = add_form_data(
            self.client, parent=index, model=ServicePage, values=fields
        )
        return self.client.post(add_page_url(parent=index, model=ServicePage), data)

    def post_office(self, hours, special_days=()):
        fields = {
            "title": "Филиал",
            "slug": "filial",
            "kind": "regional_office",
            "address": "ул. Рудаки 1",
            "city": "Душанбе",
            "region": "dushanbe",
            "opening_hours": inline_formset(list(hours)),
            "special_days": inline_formset(list(special_days)),
        }
        index = self.tree.sections["contacts"]
        data = add_form_data(self.client, parent=index, model=OfficePage, values=fields)
        return self.client.post(add_page_url(parent=index, model=OfficePage), data)

    def assert_refused(self, response, message: str):
        assert response.status_code == 200, "the form should come back with errors"
        assert message in response.content.decode()

    def test_a_valid_service_is_published(self):
        response = self.post_service(
            offices=inline_formset([{"office": str(self.office.pk)}])
        )
        assert response.status_code == 302
        service = ServicePage.objects.get(service_code="new-service")
        assert service.live
        assert [link.office for link in service.offices.all()] == [self.office]

    def test_duplicate_service_code(self):
        response = self.post_service(service_code="criminal-record-check")
        self.assert_refused(
            response, "Код criminal-record-check уже используется услугой"
        )
        assert not ServicePage.objects.filter(slug="spravka").exists()

    def test_negative_fee(self):
        self.assert_refused(
            self.post_service(fee_amount="-5"), "Сбор не может быть отрицательным."
        )

    def test_fee_or_free_must_be_said(self):
        self.assert_refused(
            self.post_service(fee_amount=""),
            "Укажите сумму сбора в сомони или отметьте «бесплатно».",
        )

    def test_invalid_and_insecure_urls(self):
        self.assert_refused(
            self.post_service(online_url="not a url"), "Введите правильный URL."
        )
        self.assert_refused(
            self.post_service(online_url="http://my.gov.tj/service/1"),
            "начинающийся с https://",
        )

    def test_office_of_another_agency(self):
        response = self.post_service(
            offices=inline_formset([{"office": str(self.foreign_office.pk)}])
        )
        self.assert_refused(response, "офис другого ведомства")

    def test_messages_follow_the_editors_language(self):
        self.speak("en")
        self.assert_refused(
            self.post_service(fee_amount="-5"), "The fee cannot be negative."
        )

    def test_malformed_opening_hours(self):
        response = self.post_office(
            [{"weekday": "0", "opens": "17:00", "closes": "08:00"}]
        )
        self.assert_refused(
            response, "Время закрытия должно быть позже времени открытия."
        )
        response = self.post_office(
            [
                {
                    "weekday": "0",
                    "opens": "08:00",
                    "closes": "17:00",
                    "break_starts": "12:00",
                }
            ]
        )
        self.assert_refused(response, "Укажите и начало, и конец перерыва")

    def test_overlapping_opening_hours(self):
        response = self.post_office(
            [
                {"weekday": "0", "opens": "08:00", "closes": "13:00"},
                {"weekday": "0", "opens": "12:00", "closes": "17:00"},
            ]
        )
        self.assert_refused(
            response, "Эти часы пересекаются с другими часами того же дня."
        )
        assert not OfficePage.objects.filter(slug="filial").exists()

    def test_a_special_day_given_twice(self):
        response = self.post_office(
            [{"weekday": "0", "opens": "08:00", "closes": "17:00"}],
            special_days=[{"date": "2027-03-21"}, {"date": "2027-03-21"}],
        )
        self.assert_refused(response, "Эта дата уже указана")

    def test_a_valid_office_is_published(self):
        response = self.post_office(
            [
                {
                    "weekday": "0",
                    "opens": "08:00",
                    "closes": "17:00",
                    "break_starts": "12:00",
                    "break_ends": "13:00",
                },
                {"weekday": "5", "opens": "09:00", "closes": "13:00"},
            ],
            special_days=[{"date": "2027-03-21"}],
        )
        assert response.status_code == 302
        office = OfficePage.objects.get(slug="filial")
        assert office.opening_hours.count() == 2
        assert office.special_days.get().is_closed
