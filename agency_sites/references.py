"""Every reference a submitted admin form makes must be one the user could
have chosen.

Choosers only *offer* the user's own images, documents, pages and snippets;
the submitted id is what gets saved. This module checks, server-side, every
reference a Wagtail admin model form is about to save: foreign keys, chooser
blocks and rich-text links inside StreamFields, rich-text fields, model
multiple-choice fields, and the same in every inline (child) form. It uses
the extraction of Wagtail's reference index (``field.extract_references``,
which knows every chooser block and rich-text link type), so a field or
block added later is checked without being listed here.

Only references the submission *introduces* are checked: those the object
already held when the form was built (e.g. a link to another agency's
service that has since been unpublished) do not stop the editor from
saving. Superusers are not restricted.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRel
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignObjectRel, Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision, Site

from agency_sites.models import Agency, AgencyOwnedMixin
from agency_sites.permissions import (
    ALL_ROLES,
    SiteScopedPermissionPolicy,
    agency_site_ids,
    is_portal_administrator,
)
from agency_sites.selectors import choosable_pages

# Media the user may put on a page: what the image and document choosers
# list (Wagtail's "choose"), or media the user may edit anyway.
MEDIA_ACTIONS = ("choose", "change")
# Agency-owned snippets the user may choose: as the scoped snippet chooser
# (agency_sites.viewsets.LISTING_ACTIONS).
SNIPPET_ACTIONS = ("change", "delete")
# Collections the user may file media in or pick media from.
COLLECTION_ACTIONS = ("add", "change", "choose")

MESSAGES: dict[str, Promise] = {
    "page": _(
        "This page is not available to you. Choose one of your agency's pages "
        "or a published page."
    ),
    "image": _(
        "This image is not available to you. Choose one from your agency's collections."
    ),
    "document": _(
        "This document is not available to you. Choose one from your agency's "
        "collections."
    ),
    "collection": _(
        "This collection is not available to you. Choose one of your agency's "
        "collections."
    ),
    "site": _("This site is not available to you. Choose your agency's site."),
    "agency": _("This agency is not available to you. Choose your own agency."),
    "snippet": _(
        "This item is not available to you. Choose one that belongs to your agency."
    ),
    "other": _("This reference is not available to you."),
}


@dataclass(frozen=True)
class Reference:
    """One object a form's instance refers to, from the field that holds it."""

    field_name: str
    model: type[Model]  # the base (concrete, top of multi-table) model
    object_id: str


def base_model(model: type[Model]) -> type[Model]:
    """The model a reference is recorded against: ``Page`` for every page
    type, the concrete model for a proxy (as Wagtail's reference index)."""
    concrete = model._meta.concrete_model or model
    parents = concrete._meta.get_parent_list()
    return parents[-1] if parents else concrete


def instance_references(instance: Model) -> Iterator[Reference]:
    """The references held by the instance's own fields (not its child
    relations: each inline form checks its own object)."""
    for field in instance._meta.get_fields():
        if isinstance(field, (ForeignObjectRel, GenericRel, ParentalKey)):
            continue
        if isinstance(field, GenericForeignKey):
            content_type_id = getattr(instance, field.ct_field + "_id", None)
            object_id = getattr(instance, field.fk_field, None)
            if content_type_id is not None and object_id is not None:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                if model is not None:
                    yield Reference(field.name, base_model(model), str(object_id))
            continue
        if (
            field.is_relation
            and field.concrete
            and (field.many_to_one or field.one_to_one)
            and not getattr(field.remote_field, "parent_link", False)
        ):
            value = field.value_from_object(instance)
            related = field.related_model
            if value is not None and related is not None:
                yield Reference(field.name, base_model(related), str(value))
            continue
        if hasattr(field, "extract_references"):
            value = field.value_from_object(instance)
            if value is None:
                continue
            for model, object_id, _path, _content in field.extract_references(value):
                yield Reference(field.name, base_model(model), str(object_id))


def form_m2m_references(form: forms.ModelForm[Model]) -> Iterator[Reference]:
    """References chosen in the form's model multiple-choice fields (many-
    to-many relations are assigned to the instance only when saved)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelMultipleChoiceField):
            continue
        for item in form.cleaned_data.get(name) or ():
            if isinstance(item, Model):
                yield Reference(name, base_model(type(item)), str(item.pk))


def initial_m2m_references(form: forms.ModelForm[Model]) -> Iterator[Reference]:
    """What the instance held in the form's model multiple-choice fields."""
    instance = form.instance
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelMultipleChoiceField):
            continue
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field holds nothing yet
            continue
        if not model_field.many_to_many:
            continue
        # An unsaved instance's plain many-to-many raises ValueError: it holds
        # nothing (see snapshot_references).
        for item in getattr(instance, name).all():
            yield Reference(name, base_model(type(item)), str(item.pk))


# -- Who may refer to what ---------------------------------------------------------


def _valid_ids(model: type[Model], ids: Iterable[str]) -> dict[object, str]:
    """Primary keys (as the database takes them) of the given ids, keyed to
    the submitted strings; malformed ids are left out (they are refused)."""
    valid = {}
    for object_id in ids:
        try:
            valid[model._meta.pk.to_python(object_id)] = object_id
        except (ValidationError, ValueError, TypeError):
            continue
    return valid


def _user_sites(user: User) -> set[int]:
    site_ids = set(agency_site_ids(user, ALL_ROLES))
    if is_portal_administrator(user):
        site_ids.update(
            Site.objects.filter(is_default_site=True).values_list("pk", flat=True)
        )
    return site_ids


def _choosable_collections(user: User) -> QuerySet[Collection]:
    from wagtail.documents.permissions import (
        permission_policy as document_permission_policy,
    )
    from wagtail.images.permissions import permission_policy as image_permission_policy

    images = image_permission_policy.collections_user_has_any_permission_for(
        user, COLLECTION_ACTIONS
    )
    documents = document_permission_policy.collections_user_has_any_permission_for(
        user, COLLECTION_ACTIONS
    )
    collections: QuerySet[Collection] = Collection.objects.filter(
        pk__in=images.values("pk")
    ) | (Collection.objects.filter(pk__in=documents.values("pk")))
    return collections


def _snippet_policy(model: type[Model]) -> object | None:
    viewset = getattr(model, "snippet_viewset", None)
    return getattr(viewset, "permission_policy", None) if viewset else None


def unscoped_models() -> frozenset[type[Model]]:
    """Targets that belong to no agency and that forms set themselves (the
    page's owner, locale, content type, revisions)."""
    return frozenset({ContentType, Locale, get_user_model(), Revision})


def reference_kind(model: type[Model]) -> str:
    """How references to ``model`` are checked: ``page``, ``image``,
    ``document``, ``collection``, ``site``, ``agency``, ``snippet`` (agency-
    owned), ``global`` (a snippet every agency shares), ``unscoped``, or
    ``other`` (unknown: refused)."""
    model = base_model(model)
    if model is Page:
        return "page"
    if model is base_model(get_image_model()):
        return "image"
    if model is base_model(get_document_model()):
        return "document"
    if model is Collection:
        return "collection"
    if model is Site:
        return "site"
    if model is Agency:
        return "agency"
    if issubclass(model, AgencyOwnedMixin) or isinstance(
        _snippet_policy(model), SiteScopedPermissionPolicy
    ):
        return "snippet"
    if getattr(model, "snippet_viewset", None) is not None:
        return "global"
    if model in unscoped_models():
        return "unscoped"
    return "other"


def _allowed_queryset(
    kind: str, model: type[Model], user: User
) -> QuerySet[Any] | None:
    """The objects of ``model`` the user could have chosen; None: all of them."""
    if kind == "page":
        pages: QuerySet[Page] = choosable_pages(Page.objects.all(), user=user)
        return pages
    if kind in ("image", "document"):
        from wagtail.documents.permissions import (
            permission_policy as document_permission_policy,
        )
        from wagtail.images.permissions import (
            permission_policy as image_permission_policy,
        )

        policy = (
            image_permission_policy if kind == "image" else document_permission_policy
        )
        media: QuerySet[Any] = policy.instances_user_has_any_permission_for(
            user, MEDIA_ACTIONS
        )
        return media
    if kind == "collection":
        return _choosable_collections(user)
    if kind == "site":
        sites: QuerySet[Site] = Site.objects.filter(pk__in=_user_sites(user))
        return sites
    if kind == "agency":
        return Agency.objects.filter(site_id__in=_user_sites(user))
    if kind == "snippet":
        policy = _snippet_policy(model)
        if isinstance(policy, SiteScopedPermissionPolicy):
            return policy.restrict(model._default_manager.all(), user, SNIPPET_ACTIONS)
        return model._default_manager.filter(
            agency__site_id__in=agency_site_ids(user, ALL_ROLES)
        )
    if kind in ("global", "unscoped"):
        return None
    return model._default_manager.none()


def unavailable_references(
    references: Iterable[Reference], *, user: User
) -> list[tuple[Reference, str]]:
    """The references the user could not have chosen, each with its kind.
    One query per kind of target referenced."""
    by_model: dict[type[Model], set[str]] = defaultdict(set)
    for reference in references:
        by_model[reference.model].add(reference.object_id)
    refused: set[tuple[type[Model], str]] = set()
    for model, ids in by_model.items():
        kind = reference_kind(model)
        allowed = _allowed_queryset(kind, model, user)
        if allowed is None:
            continue
        valid = _valid_ids(model, ids)
        found = (
            set(allowed.filter(pk__in=list(valid)).values_list("pk", flat=True))
            if valid
            else set()
        )
        chosen = {valid[pk] for pk in found}
        refused.update((model, object_id) for object_id in ids - chosen)
    return [
        (reference, reference_kind(reference.model))
        for reference in references
        if (reference.model, reference.object_id) in refused
    ]


# -- The check on every admin model form -------------------------------------------


def _restricted_user(form: forms.BaseForm) -> User | None:
    user: User | None = getattr(form, "for_user", None)
    if user is None or user.is_superuser:
        return None
    return user


def _safe(extract: Callable[[], Iterable[Reference]]) -> list[Reference] | None:
    """The references, or None when they cannot be read from malformed
    content (then the submission is refused rather than saved unchecked)."""
    try:
        return list(extract())
    except (ValidationError, ValueError, TypeError, KeyError, LookupError):
        return None


def snapshot_references(form: WagtailAdminModelForm) -> None:
    """Remember what the instance refers to before the submission is applied."""
    if not form.is_bound or _restricted_user(form) is None:
        return
    held = _safe(lambda: instance_references(form.instance)) or []
    held += _safe(lambda: initial_m2m_references(form)) or []
    form._references_held = {(ref.model, ref.object_id) for ref in held}


def check_references(form: WagtailAdminModelForm) -> None:
    """Add a form error, on the field that holds it, for every reference the
    submission introduces that the user could not have chosen."""
    user = _restricted_user(form)
    if user is None or not hasattr(form, "cleaned_data"):
        return
    held: set[tuple[type[Model], str]] = getattr(form, "_references_held", set())
    submitted = _safe(
        lambda: [*instance_references(form.instance), *form_m2m_references(form)]
    )
    if submitted is None:
        form.add_error(None, MESSAGES["other"])
        return
    introduced = [ref for ref in submitted if (ref.model, ref.object_id) not in held]
    messages: dict[str | None, list[str]] = defaultdict(list)
    for reference, kind in unavailable_references(introduced, user=user):
        name = reference.field_name if reference.field_name in form.fields else None
        message = str(MESSAGES.get(kind, MESSAGES["other"]))
        if message not in messages[name]:
            messages[name].append(message)
    for name, texts in messages.items():
        # One error per field: a StreamField shows only the first one.
        form.add_error(name, ValidationError(" ".join(texts), code="unavailable"))
        if name is not None:
            _show_stored_value(form.fields[name])


def _show_stored_value(field: forms.Field) -> None:
    """Render the refused field with the value it had before the submission:
    choosers render the chosen object's title and thumbnail, which must not
    reveal another agency's object. (``form.fields`` are this form's own
    copies.)"""
    # This form's own copy of the field: no other form is affected.
    field.bound_data = lambda data, initial: initial  # type: ignore[method-assign]


def install() -> None:
    """Check references on every Wagtail admin model form.

    ``WagtailAdminModelForm`` is the base of every form of the admin that
    edits a model: pages, snippets, site settings, images, documents,
    redirects, and their inline (child) forms. Wagtail has no extension point
    that covers all of them (``base_form_class`` and the
    ``WAGTAIL*_FORM_BASE`` settings are per model or per media type, and a
    form field override cannot see StreamField blocks, rich text or the
    user), so its construction and validation are wrapped here, once:

    - construction remembers what the instance already refers to (POST
      only), and passes ``for_user`` on to inline forms, which Wagtail
      builds without it;
    - validation then refuses the references the user could not have chosen.
    """
    if getattr(WagtailAdminModelForm, "_agency_references_installed", False):
        return
    original_init = WagtailAdminModelForm.__init__
    original_full_clean = WagtailAdminModelForm.full_clean

    def __init__(self: WagtailAdminModelForm, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)
        for formset in getattr(self, "formsets", {}).values():
            formset.form_kwargs.setdefault("for_user", self.for_user)
        snapshot_references(self)

    def full_clean(self: WagtailAdminModelForm) -> None:
        original_full_clean(self)
        check_references(self)

    WagtailAdminModelForm.__init__ = __init__
    WagtailAdminModelForm.full_clean = full_clean
    WagtailAdminModelForm._agency_references_installed = True
