"""Admin forms that offer only what belongs to the user's agencies."""

from wagtail.admin.forms.models import WagtailAdminModelForm

from agency_sites.models import Agency


class AgencyOwnedForm(WagtailAdminModelForm):
    """Offers only the agencies in which the user may edit this model, and
    preselects the agency when there is just one."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("agency")
        if field is None or self.for_user is None:
            return
        policy = self._meta.model.snippet_viewset.permission_policy
        actions = ["change"] if self.instance.pk else ["add"]
        site_ids = (
            None
            if self.for_user.is_superuser
            else policy.site_ids(self.for_user, actions)
        )
        agencies = Agency.objects.filter(site__isnull=False)
        if site_ids is not None:
            agencies = agencies.filter(site_id__in=site_ids)
        field.queryset = agencies
        if (
            not self.instance.pk
            and not self.initial.get("agency")
            and len(agencies) == 1
        ):
            self.initial["agency"] = agencies[0].pk
