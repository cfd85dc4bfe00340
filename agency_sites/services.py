"""Writes on agencies after provisioning: taking a site offline and back, and
giving people a role in an agency."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency_sites.models import Agency, AgencyGroup, AgencyRole
from agency_sites.selectors import OFFLINE_SITES_CACHE_KEY
from cms.services import start_admin_in_platform_language


class AgencyError(Exception):
    """A lifecycle or membership request that cannot be carried out."""


def get_agency(*, slug: str) -> Agency:
    """The agency with this slug, or an error listing the known ones."""
    agency = Agency.objects.select_related("site").filter(slug=slug).first()
    if agency is None:
        known = ", ".join(
            Agency.objects.order_by("slug").values_list("slug", flat=True)
        )
        raise AgencyError(
            _("No agency with slug '%(slug)s'. Known agencies: %(known)s.")
            % {"slug": slug, "known": known or _("none (run provision_agencies first)")}
        )
    return agency


def deprovision_agency(*, slug: str) -> bool:
    """Take an agency's site offline: its pages are no longer served and it
    leaves the portal's directory, while pages (live and draft), revisions,
    files, groups and settings stay untouched. Returns False if it already
    was offline."""
    agency = get_agency(slug=slug)
    if agency.deprovisioned_at is not None:
        return False
    agency.deprovisioned_at = timezone.now()
    # One transaction with what the save sets off (the event log's entries).
    with transaction.atomic():
        agency.save(update_fields=["deprovisioned_at", "updated_at"])
    transaction.on_commit(lambda: cache.delete(OFFLINE_SITES_CACHE_KEY))
    return True


def restore_agency(*, slug: str) -> bool:
    """Bring a deprovisioned agency's site back exactly as it was. Returns
    False if it was online."""
    agency = get_agency(slug=slug)
    if agency.deprovisioned_at is None:
        return False
    agency.deprovisioned_at = None
    with transaction.atomic():
        agency.save(update_fields=["deprovisioned_at", "updated_at"])
    transaction.on_commit(lambda: cache.delete(OFFLINE_SITES_CACHE_KEY))
    return True


def add_agency_user(*, slug: str, email: str, role: str) -> tuple[User, bool]:
    """Create the user (with no usable password yet) or find them by email,
    and add them to the agency's group for ``role``. Returns the user and
    whether it was created."""
    if role not in AgencyRole.values:
        raise AgencyError(
            _("Unknown role '%(role)s'. Use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(AgencyRole.values)}
        )
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AgencyError(
            _("'%(email)s' is not a valid email address.") % {"email": email}
        ) from None
    agency = get_agency(slug=slug)
    link = (
        AgencyGroup.objects.filter(agency=agency, role=role)
        .select_related("group")
        .first()
    )
    if link is None:
        raise AgencyError(
            _("Agency '%(slug)s' has no %(role)s group: run provision_agencies first.")
            % {"slug": slug, "role": role}
        )
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = user_model(username=email, email=email)
            user.set_unusable_password()
            user.save()
            start_admin_in_platform_language(user=user)
        user.groups.add(link.group)
    return user, created
