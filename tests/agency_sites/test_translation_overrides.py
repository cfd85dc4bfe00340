"""A translation's override of a synchronised field (wagtail-localize's
"synchronised value" editor) is saved without an admin form: the value must
still be one the translator could have chosen."""

from urllib.parse import urlencode

from django.test import TestCase
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    Translation,
    TranslationSource,
)

from cms.models import CustomImage
from news.models import NewsIndexPage
from news.services import create_news
from tests.factories import build_tenancy_world

OWN, OTHER = "alpha", "beta"


class TranslationOverrideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            worlds, _portal_admin = build_tenancy_world([OWN, OTHER])
        own = worlds[OWN]
        cls.editor = own.users["editor"]
        cls.other_image = worlds[OTHER].image
        cls.own_image = CustomImage.objects.create(
            title="Second image",
            file=get_test_image_file(filename="second.png"),
            collection=own.agency.image_collection,
        )
        index = (
            NewsIndexPage.objects.descendant_of(own.home)
            .filter(locale=own.home.locale)
            .get()
        )
        news = create_news(index=index, title="Хабар", lead="Хабар.", image=own.image)
        source, _created = TranslationSource.get_or_create_from_instance(news)
        cls.translation = Translation.objects.create(
            source=source, target_locale=Locale.objects.get(language_code="ru")
        )
        cls.translation.save_target(publish=False)
        cls.segment = OverridableSegment.objects.get(
            source=source, context__path="image"
        )

    def put(self, image: CustomImage) -> object:
        self.client.force_login(self.editor)
        url = reverse(
            "wagtail_localize:edit_override",
            kwargs={
                "translation_id": self.translation.pk,
                "overridable_segment_id": self.segment.pk,
            },
        )
        return self.client.put(
            url,
            urlencode({"value": image.pk}),
            content_type="application/x-www-form-urlencoded",
        )

    def overrides(self) -> list[str]:
        return list(
            SegmentOverride.objects.filter(context=self.segment.context).values_list(
                "data_json", flat=True
            )
        )

    def test_another_agencys_image_is_refused_and_not_kept(self):
        response = self.put(self.other_image)
        assert response.status_code == 400
        assert "error" in response.json()
        assert self.overrides() == []

    def test_an_own_image_is_kept(self):
        response = self.put(self.own_image)
        assert response.status_code in (200, 201)
        assert self.overrides() == [f'"{self.own_image.pk}"']
