"""The admin's account settings, where a name is optional.

Wagtail's "Name and Email" panel requires a first and a last name, so an
account created without them (``createsuperuser``, ``add_agency_user``) could
not save any of its settings, the admin language included. Wagtail has no
setting for it and its ``register_account_settings_panel`` hook only adds
panels, so the account view is mounted in front of Wagtail's own (same
address and URL name, see assembly/urls.py) with that panel replaced.

The language list is replaced too: Wagtail names each language as Django
does (a lowercase "тоҷикӣ") and sorts them by name, putting English first;
ours reads "Тоҷикӣ, Русский, English" as WAGTAILADMIN_PERMITTED_LANGUAGES
names them.
"""

from django.conf import settings
from django.utils.translation import get_language_info
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.account import LocalePreferencesForm, NameEmailForm
from wagtail.admin.localization import get_available_admin_languages
from wagtail.admin.views import account


class OptionalNameEmailForm(NameEmailForm):
    """Wagtail's name and e-mail form with both names optional."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = False


class OptionalNameEmailSettingsPanel(account.NameEmailSettingsPanel):
    form_class = OptionalNameEmailForm


class PlatformLocalePreferencesForm(LocalePreferencesForm):
    """Wagtail's language and time zone form with the admin's languages
    named in their own language, capitalised, in the platform's order."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("preferred_language")
        if field is None:
            return
        languages = [
            (code, str(name)) for code, name in get_available_admin_languages()
        ]
        names = dict(languages)
        server = settings.LANGUAGE_CODE
        # Wagtail's own "Use server language: тоҷикӣ", already translated,
        # with the server language named as in the list.
        default = str(dict(field.choices)[""]).replace(
            get_language_info(server)["name_local"], names.get(server, server)
        )
        field.choices = [("", default), *languages]


class PlatformLocaleSettingsPanel(account.LocaleSettingsPanel):
    form_class = PlatformLocalePreferencesForm


# Wagtail's panels this view replaces, and what with.
REPLACED_PANELS: dict[
    type[account.BaseSettingsPanel], type[account.BaseSettingsPanel]
] = {
    account.NameEmailSettingsPanel: OptionalNameEmailSettingsPanel,
    account.LocaleSettingsPanel: PlatformLocaleSettingsPanel,
}


class AccountView(account.AccountView):
    """Wagtail's account settings with the optional-name panel and the
    platform's language list."""

    def get_panels(self) -> list[account.BaseSettingsPanel]:
        panels = super().get_panels()
        return [
            REPLACED_PANELS[type(panel)](panel.request, panel.user, panel.profile)
            if type(panel) in REPLACED_PANELS
            else panel
            for panel in panels
        ]


# Decorated as Wagtail decorates its own admin views.
account_settings = never_cache(require_admin_access(AccountView.as_view()))
