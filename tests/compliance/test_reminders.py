"""Reminders after the daily run: one e-mail per administrator in their
admin language when a rule turns failing, at most once a week per rule; the
owner of a service past its review date is reminded of it."""

from datetime import timedelta

from django.core import mail
from django.test import TestCase

from wagtail.users.models import UserProfile

from agency_sites.services import add_agency_user
from compliance.reminders import send_health_reminders
from compliance.services import checked_agencies, run_health_checks
from service_pages.models import ServicePage
from tests import factories
from tests.compliance.world import TODAY, compliant_agency, documents, translate


class ReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = compliant_agency("remind")
        cls.admin, _created = add_agency_user(
            slug="remind", email="admin@remind.tj", role="administrator"
        )
        profile = UserProfile.get_for_user(cls.admin)
        profile.preferred_language = "ru"
        profile.save()
        cls.editor, _created = add_agency_user(
            slug="remind", email="editor@remind.tj", role="editor"
        )
        cls.service = factories.service(
            cls.tree, title="Литсензия", required_documents=[], owner=cls.editor
        )
        ServicePage.objects.filter(pk=cls.service.pk).update(owner=cls.editor)

    def run_day(self, offset: int) -> int:
        reports = run_health_checks(
            agencies=checked_agencies().filter(slug="remind"),
            day=TODAY + timedelta(days=offset),
        )
        return send_health_reminders(reports=reports)

    def test_a_rule_turning_failing_reminds_once_a_week(self):
        sent = self.run_day(0)
        to_admin = [m for m in mail.outbox if m.to == ["admin@remind.tj"]]
        to_owner = [m for m in mail.outbox if m.to == ["editor@remind.tj"]]
        assert sent == 2 and len(to_admin) == 1 and len(to_owner) == 1
        # In the administrator's admin language (Russian).
        assert "Литсензия" in to_admin[0].body
        assert "ни разу не проверялась" in to_admin[0].body
        assert to_admin[0].subject.startswith("Качество контента")
        assert "/admin/content-health/remind/" in to_admin[0].body
        # The owner hears about their own page, with a link to edit it.
        assert f"/admin/pages/{self.service.pk}/edit/" in to_owner[0].body
        # The next day nothing new: no second e-mail within the week.
        mail.outbox.clear()
        assert self.run_day(1) == 0
        assert mail.outbox == []

    def test_no_reminder_when_every_rule_is_met(self):
        page = ServicePage.objects.get(pk=self.service.pk)
        page.last_reviewed = TODAY
        page.required_documents = documents()
        page.save_revision().publish()
        translate(page)
        assert self.run_day(0) == 0
        assert mail.outbox == []
