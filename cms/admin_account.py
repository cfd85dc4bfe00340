"""The admin's account settings, where a name is optional.

Wagtail's "Name and Email" panel requires a first and a last name, so an
account created without them (``createsuperuser``, ``add_agency_user``) could
not save any of its settings, the admin language included. Wagtail has no
setting for it and its ``register_account_settings_panel`` hook only adds
panels, so the account view is mounted in front of Wagtail's own (same
address and URL name, see assembly/urls.py) with that panel replaced.
"""

from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views import account


class OptionalNameEmailForm(NameEmailForm):
    """Wagtail's name and e-mail form with both names optional."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = False


class OptionalNameEmailSettingsPanel(account.NameEmailSettingsPanel):
    form_class = OptionalNameEmailForm


class AccountView(account.AccountView):
    """Wagtail's account settings with the optional-name panel."""

    def get_panels(self) -> list[account.BaseSettingsPanel]:
        panels = super().get_panels()
        return [
            OptionalNameEmailSettingsPanel(panel.request, panel.user, panel.profile)
            if type(panel) is account.NameEmailSettingsPanel
            else panel
            for panel in panels
        ]


# Decorated as Wagtail decorates its own admin views.
account_settings = never_cache(require_admin_access(AccountView.as_view()))
