"""Two-step sign-in for staff (TOTP through django-otp): setting it up,
signing in with it, wrong and throttled codes, backup codes, and the
requirement for portal administrators."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from wagtail.users.models import UserProfile

from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agency_sites.models import Agency, AgencyRole
from agency_sites.permissions import PORTAL_ADMINISTRATORS_GROUP
from agency_sites.provisioning import parse_registry, provision_agencies
from agency_sites.services import add_agency_user
from agency_sites.two_factor.middleware import TwoFactorMiddleware
from agency_sites.two_factor.services import new_backup_codes
from compliance.services import run_health_checks
from tests.factories import agency_entry

PASSWORD = "correct horse battery staple"
HOST = {"host": "portal.test"}


def current_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for ``device`` (or
    ``offset_steps`` time steps away)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=offset_steps,
    )
    return str(value).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code the device does not accept now (none of the codes
    of the steps its tolerance allows)."""
    accepted = {current_code(device, offset_steps=step) for step in (-2, -1, 0, 1, 2)}
    return next(
        candidate
        for candidate in ("000000", "111111", "222222", "333333")
        if candidate not in accepted
    )


class TwoFactorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        provision_agencies(specs=parse_registry({"agencies": [agency_entry("alpha")]}))
        cls.editor, _created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role=AgencyRole.EDITOR
        )
        cls.editor.set_password(PASSWORD)
        cls.editor.save()
        user_model = get_user_model()
        cls.portal_admin = user_model.objects.create_user(
            username="portal-admin", email="portal@example.org", password=PASSWORD
        )
        cls.portal_admin.groups.add(Group.objects.get(name=PORTAL_ADMINISTRATORS_GROUP))
        cls.superuser = user_model.objects.create_superuser(
            username="root", email="root@example.org", password=PASSWORD
        )

    def enrol(self, user) -> TOTPDevice:
        """Set up an authenticator through the admin, as the user would."""
        self.client.force_login(user)
        page = self.client.get(reverse("two_factor:setup"), headers=HOST)
        assert page.status_code == 200
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        # The code of the previous time step (the app's clock a little
        # behind, which the device tolerates): a code is good only once, and
        # the tests sign in again with the code of the current step.
        response = self.client.post(
            reverse("two_factor:setup"),
            {"code": current_code(device, offset_steps=-1)},
            headers=HOST,
        )
        assert response.status_code == 200
        device.refresh_from_db()
        assert device.confirmed
        self.client.logout()
        return device

    def sign_in_with_password(self, user) -> None:
        response = self.client.post(
            reverse("wagtailadmin_login"),
            {"username": user.get_username(), "password": PASSWORD},
            headers=HOST,
        )
        assert response.status_code == 302, response.content[:500]


class EnrolmentTests(TwoFactorTestCase):
    def test_the_setup_page_shows_the_secret_as_a_qr_code_and_an_otpauth_uri(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("two_factor:setup"), headers=HOST)
        assert response.status_code == 200
        body = response.content.decode()
        device = TOTPDevice.objects.get(user=self.editor, confirmed=False)
        # The QR code is drawn in the page: no image from elsewhere, no script.
        assert re.search(r"<svg[^>]*>.*<path", body, re.DOTALL)
        assert "otpauth://totp/Hukumat.tj" in body
        assert f"secret={device.config_url.split('secret=')[1][:16]}" in body
        assert '<script src="http' not in body
        # A reload shows the same secret (the app scanned may be that one).
        self.client.get(reverse("two_factor:setup"), headers=HOST)
        assert TOTPDevice.objects.filter(user=self.editor).count() == 1

    def test_enrolment_confirms_the_device_and_shows_ten_backup_codes(self):
        self.client.force_login(self.editor)
        self.client.get(reverse("two_factor:setup"), headers=HOST)
        device = TOTPDevice.objects.get(user=self.editor)
        response = self.client.post(
            reverse("two_factor:setup"), {"code": current_code(device)}, headers=HOST
        )
        assert response.status_code == 200
        codes = re.findall(
            r"<li><code>([a-z0-9]+)</code></li>", response.content.decode()
        )
        assert len(codes) == 10
        assert set(
            StaticToken.objects.filter(device__user=self.editor).values_list(
                "token", flat=True
            )
        ) == set(codes)
        device.refresh_from_db()
        assert device.confirmed
        # This session has passed the step: the admin opens.
        assert (
            self.client.get(reverse("wagtailadmin_home"), headers=HOST).status_code
            == 200
        )
        status = self.client.get(reverse("two_factor:index"), headers=HOST)
        assert b'data-two-factor="on"' in status.content

    def test_a_wrong_code_does_not_turn_it_on(self):
        self.client.force_login(self.editor)
        self.client.get(reverse("two_factor:setup"), headers=HOST)
        device = TOTPDevice.objects.get(user=self.editor)
        response = self.client.post(
            reverse("two_factor:setup"), {"code": wrong_code(device)}, headers=HOST
        )
        assert response.status_code == 400
        device.refresh_from_db()
        assert not device.confirmed
        assert not StaticToken.objects.filter(device__user=self.editor).exists()

    def test_the_account_page_links_to_it(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_account"), headers=HOST)
        assert response.status_code == 200
        assert reverse("two_factor:index").encode() in response.content

    def test_the_pages_speak_the_editors_language(self):
        self.client.force_login(self.editor)
        profile = UserProfile.get_for_user(self.editor)
        for language, words in (
            ("tg", "Воридшавии дуқадамӣ хомӯш аст"),
            ("ru", "Двухэтапный вход выключен"),
            ("en", "Two-step sign-in is off"),
        ):
            profile.preferred_language = language
            profile.save()
            response = self.client.get(reverse("two_factor:index"), headers=HOST)
            assert words in response.content.decode(), language


class SignInTests(TwoFactorTestCase):
    def test_after_the_password_the_admin_asks_for_a_code_before_any_view(self):
        self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        for address in (reverse("wagtailadmin_home"), reverse("wagtailadmin_account")):
            response = self.client.get(address, headers=HOST)
            assert response.status_code == 302
            target = urlsplit(response["Location"])
            assert target.path == reverse("two_factor:verify")
            assert f"next={address.replace('/', '%2F')}" in target.query

    def test_a_valid_code_signs_in(self):
        device = self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        response = self.client.post(
            reverse("two_factor:verify"),
            {
                "code": current_code(device),
                "next": reverse("wagtailadmin_pages:search"),
            },
            headers=HOST,
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:search")
        assert (
            self.client.get(reverse("wagtailadmin_home"), headers=HOST).status_code
            == 200
        )

    def test_a_wrong_code_is_refused_and_the_next_try_must_wait(self):
        device = self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        response = self.client.post(
            reverse("two_factor:verify"), {"code": wrong_code(device)}, headers=HOST
        )
        assert response.status_code == 400
        assert (
            self.client.get(reverse("wagtailadmin_home"), headers=HOST).status_code
            == 302
        )
        # Throttled: even the right code is refused until the wait is over.
        response = self.client.post(
            reverse("two_factor:verify"), {"code": current_code(device)}, headers=HOST
        )
        assert response.status_code == 429
        # In the editor's language (Tajik, the default).
        assert "Рамзҳои нодуруст аз ҳад зиёданд" in response.content.decode()
        assert (
            self.client.get(reverse("wagtailadmin_home"), headers=HOST).status_code
            == 302
        )

    def test_a_backup_code_signs_in_once(self):
        self.enrol(self.editor)
        code = new_backup_codes(user=self.editor)[0]
        self.sign_in_with_password(self.editor)
        response = self.client.post(
            reverse("two_factor:verify"), {"code": code.upper()}, headers=HOST
        )
        assert response.status_code == 302
        assert (
            self.client.get(reverse("wagtailadmin_home"), headers=HOST).status_code
            == 200
        )
        self.client.logout()
        self.sign_in_with_password(self.editor)
        response = self.client.post(
            reverse("two_factor:verify"), {"code": code}, headers=HOST
        )
        assert response.status_code == 400

    def test_an_unverified_session_cannot_replace_the_authenticator(self):
        """Someone who only has the password cannot enrol their own phone."""
        self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        response = self.client.get(reverse("two_factor:setup"), headers=HOST)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("two_factor:verify")
        assert TOTPDevice.objects.filter(user=self.editor).count() == 1

    def test_next_never_leads_to_another_site(self):
        device = self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        response = self.client.post(
            reverse("two_factor:verify"),
            {"code": current_code(device), "next": "https://evil.example/"},
            headers=HOST,
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")

    def test_turning_it_off_needs_a_verified_session(self):
        self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        self.client.post(reverse("two_factor:disable"), headers=HOST)
        assert TOTPDevice.objects.filter(user=self.editor, confirmed=True).exists()


@override_settings(TWO_FACTOR_REQUIRED_FOR_PORTAL_ADMINS=True)
class EnforcementTests(TwoFactorTestCase):
    def test_a_portal_administrator_without_a_device_is_sent_to_set_one_up(self):
        for user in (self.portal_admin, self.superuser):
            self.client.force_login(user)
            response = self.client.get(reverse("wagtailadmin_home"), headers=HOST)
            assert response.status_code == 302, user
            assert urlsplit(response["Location"]).path == reverse("two_factor:setup")
            assert (
                self.client.get(reverse("two_factor:setup"), headers=HOST).status_code
                == 200
            )
            self.client.logout()

    def test_once_set_up_the_portal_administrator_gets_in(self):
        self.enrol(self.portal_admin)
        self.client.force_login(self.portal_admin)
        # A new session: the code step, not the set-up page.
        response = self.client.get(reverse("wagtailadmin_home"), headers=HOST)
        assert urlsplit(response["Location"]).path == reverse("two_factor:verify")

    def test_an_editor_is_not_forced(self):
        self.client.force_login(self.editor)
        assert (
            self.client.get(reverse("wagtailadmin_home"), headers=HOST).status_code
            == 200
        )

    def test_a_portal_administrator_cannot_turn_it_off(self):
        device = self.enrol(self.portal_admin)
        self.sign_in_with_password(self.portal_admin)
        self.client.post(
            reverse("two_factor:verify"), {"code": current_code(device)}, headers=HOST
        )
        self.client.post(reverse("two_factor:disable"), headers=HOST)
        assert TOTPDevice.objects.filter(
            user=self.portal_admin, confirmed=True
        ).exists()

    def test_citizen_pages_and_the_api_are_not_touched(self):
        self.client.force_login(self.portal_admin)
        response = self.client.get("/api/v1/agencies/", headers=HOST)
        assert response.status_code == 200


class OutsideTheAdminTests(TwoFactorTestCase):
    """A session past the password but not the code is anonymous outside
    the admin too: sign-in alone opens nothing there."""

    def test_an_unverified_session_is_anonymous_on_the_sites_and_the_api(self):
        self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        seen = {}

        def remember(request):
            seen["user"] = request.user
            return HttpResponse()

        middleware = TwoFactorMiddleware(remember)
        request = RequestFactory().get("/documents/1/report.pdf")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "a session"
        request.user = get_user_model().objects.get(pk=self.editor.pk)
        request.user.is_verified = lambda: False
        middleware(request)
        assert not seen["user"].is_authenticated
        # Verified, the same session is the editor.
        request.user = get_user_model().objects.get(pk=self.editor.pk)
        request.user.is_verified = lambda: True
        middleware(request)
        assert seen["user"].pk == self.editor.pk

    def test_a_user_without_an_authenticator_keeps_their_session(self):
        seen = {}

        def remember(request):
            seen["user"] = request.user
            return HttpResponse()

        request = RequestFactory().get("/tg/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "a session"
        request.user = get_user_model().objects.get(pk=self.editor.pk)
        request.user.is_verified = lambda: False
        TwoFactorMiddleware(remember)(request)
        assert seen["user"].pk == self.editor.pk

    def test_a_health_report_shows_its_findings_only_after_the_code(self):
        run_health_checks(agencies=Agency.objects.filter(slug="alpha"))
        address = "/api/v1/agencies/alpha/health/"
        anonymous = self.client.get(address, headers=HOST).json()
        device = self.enrol(self.editor)
        self.sign_in_with_password(self.editor)
        assert self.client.get(address, headers=HOST).json() == anonymous
        response = self.client.post(
            reverse("two_factor:verify"),
            {"code": current_code(device)},
            headers=HOST,
        )
        assert response.status_code == 302
        assert self.client.get(address, headers=HOST).json() != anonymous
