"""Who may do what to agency-scoped admin objects.

Wagtail's own policies cover pages (page permissions on each agency's tree),
images and documents (collection permissions) and site settings (site
permissions); provisioning grants those per agency. This module covers the
rest: objects that belong to one site (agency-owned snippets, redirects),
whose stock Wagtail permissions are global. Nobody but superusers gets the
global Django permissions on these models; access comes from agency roles.
"""

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.db.models import Model, Q, QuerySet

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy

from agency_sites.models import AgencyGroup, AgencyRole

ModelT = TypeVar("ModelT", bound=Model)

PORTAL_ADMINISTRATORS_GROUP = "Portal administrators"

ALL_ROLES = frozenset(AgencyRole)
MODERATING_ROLES = frozenset({AgencyRole.MODERATOR, AgencyRole.ADMINISTRATOR})
ADMINISTRATOR_ROLES = frozenset({AgencyRole.ADMINISTRATOR})

User = Account | AnonymousUser

# Per-request caches kept on the user object.
_PORTAL_ADMINISTRATOR_ATTRIBUTE = "_is_portal_administrator"
_SITE_IDS_ATTRIBUTE = "_agency_site_ids_by_role"


def is_portal_administrator(user: User) -> bool:
    """Whether the user manages the portal's global data."""
    if not (user.is_authenticated and user.is_active):
        return False
    cache_name = _PORTAL_ADMINISTRATOR_ATTRIBUTE
    if not hasattr(user, cache_name):
        setattr(
            user,
            cache_name,
            user.groups.filter(name=PORTAL_ADMINISTRATORS_GROUP).exists(),
        )
    is_administrator: bool = getattr(user, cache_name)
    return is_administrator


def agency_site_ids(user: User, roles: Iterable[str]) -> frozenset[int]:
    """Sites of the agencies in which the user holds one of ``roles``
    (cached on the user object for the request)."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    cache: dict[str, set[int]] | None = getattr(user, _SITE_IDS_ATTRIBUTE, None)
    if cache is None:
        cache = {}
        for role, site_id in AgencyGroup.objects.filter(
            group__user=user, agency__site__isnull=False
        ).values_list("role", "agency__site_id"):
            cache.setdefault(role, set()).add(site_id)
        setattr(user, _SITE_IDS_ATTRIBUTE, cache)
    return frozenset(site_id for role in roles for site_id in cache.get(role, ()))


class SiteScopedPermissionPolicy(BasePermissionPolicy):
    """Permissions on a model whose instances each belong to one site.

    ``site_lookup`` is the ORM path from the model to the site id
    (``"site_id"`` for redirects, ``"agency__site_id"`` for agency-owned
    snippets). ``roles_by_action`` says which agency roles may perform each
    action on their own agency's instances; portal administrators may perform
    ``portal_actions`` on instances of the portal's own (default) site.
    Superusers may do everything.
    """

    def __init__(
        self,
        model: type[Model],
        *,
        site_lookup: str,
        roles_by_action: dict[str, frozenset[str]],
        portal_actions: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(model)
        self.site_lookup = site_lookup
        self.roles_by_action = roles_by_action
        self.portal_actions = portal_actions

    def site_ids(self, user: User, actions: Iterable[str]) -> frozenset[int]:
        """Sites on whose instances the user may perform any of ``actions``."""
        actions = list(actions)
        roles = {
            role for action in actions for role in self.roles_by_action.get(action, ())
        }
        ids = set(agency_site_ids(user, roles))
        if set(actions) & self.portal_actions and is_portal_administrator(user):
            default_site = Site.objects.filter(is_default_site=True).values_list(
                "pk", flat=True
            )
            ids.update(default_site)
        return frozenset(ids)

    def _instance_site_id(self, instance: Model) -> int | None:
        value: object = instance
        for part in self.site_lookup.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value if isinstance(value, int) else None

    def user_has_permission(self, user: User, action: str) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or bool(self.site_ids(user, [action]))

    def user_has_any_permission(self, user: User, actions: Iterable[str]) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or bool(self.site_ids(user, actions))

    def user_has_permission_for_instance(
        self, user: User, action: str, instance: Model
    ) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(
        self, user: User, actions: Iterable[str], instance: Model
    ) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        return self._instance_site_id(instance) in self.site_ids(user, actions)

    def instances_user_has_any_permission_for(
        self, user: User, actions: Iterable[str]
    ) -> QuerySet[Model]:
        return self.restrict(self.model._default_manager.all(), user, actions)

    def restrict(
        self, queryset: QuerySet[ModelT], user: User, actions: Iterable[str]
    ) -> QuerySet[ModelT]:
        """``queryset`` narrowed to the instances the user may act on."""
        if not (user.is_authenticated and user.is_active):
            return queryset.none()
        if user.is_superuser:
            return queryset
        return queryset.filter(
            **{f"{self.site_lookup}__in": self.site_ids(user, actions)}
        )

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[Account]:
        actions = list(actions)
        roles = {
            role for action in actions for role in self.roles_by_action.get(action, ())
        }
        condition = Q(is_superuser=True) | Q(groups__agency_role__role__in=roles)
        if set(actions) & self.portal_actions:
            condition |= Q(groups__name=PORTAL_ADMINISTRATORS_GROUP)
        return get_user_model().objects.filter(condition, is_active=True).distinct()

    def users_with_any_permission_for_instance(
        self, actions: Iterable[str], instance: Model
    ) -> QuerySet[Account]:
        actions = list(actions)
        site_id = self._instance_site_id(instance)
        roles = {
            role for action in actions for role in self.roles_by_action.get(action, ())
        }
        condition = Q(is_superuser=True) | Q(
            groups__agency_role__role__in=roles,
            groups__agency_role__agency__site_id=site_id,
        )
        if (
            set(actions) & self.portal_actions
            and Site.objects.filter(pk=site_id, is_default_site=True).exists()
        ):
            condition |= Q(groups__name=PORTAL_ADMINISTRATORS_GROUP)
        return get_user_model().objects.filter(condition, is_active=True).distinct()


# Redirects: each agency's moderators and administrators for its own site,
# portal administrators for the portal's site; "all sites" only for superusers.
REDIRECT_POLICY = SiteScopedPermissionPolicy(
    Redirect,
    site_lookup="site_id",
    roles_by_action={
        "add": MODERATING_ROLES,
        "change": MODERATING_ROLES,
        "delete": MODERATING_ROLES,
    },
    portal_actions=frozenset({"add", "change", "delete"}),
)
