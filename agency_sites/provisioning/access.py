"""Provisioning of who may do what on an agency's site.

For each agency: one group per role, page permissions on the agency's tree
in every language, an image and a document collection with permissions for
its groups only, the per-site settings permission for administrators, and a
moderation workflow. Each function makes the database match the policy
below exactly, and says whether it had to change anything.
"""

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import F, Model
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from agency_sites.models import Agency, AgencyGroup, AgencyRole, AgencySettings
from agency_sites.permissions import PORTAL_ADMINISTRATORS_GROUP
from cms.contracts.sections import portal_managed_models

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# Global (not object-scoped) permissions of every agency group. Translating is
# further limited to pages the user may edit (agency_sites.admin_urls).
ROLE_GLOBAL_PERMISSIONS = (ADMIN_ACCESS, ("wagtail_localize", "submit_translation"))

PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    AgencyRole.EDITOR: ("add_page", "change_page"),
    AgencyRole.MODERATOR: (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ),
    AgencyRole.ADMINISTRATOR: (
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ),
}
# Wagtail treats deleting an image or document as changing it: whoever may
# edit the agency's media may also delete it.
RowT = TypeVar("RowT", bound=Model)
KeyT = TypeVar("KeyT", bound=Hashable)

IMAGE_PERMISSIONS: dict[str, tuple[str, ...]] = dict.fromkeys(
    AgencyRole, ("add_image", "change_image", "choose_image")
)
DOCUMENT_PERMISSIONS: dict[str, tuple[str, ...]] = dict.fromkeys(
    AgencyRole, ("add_document", "change_document", "choose_document")
)
SETTINGS_PERMISSIONS: dict[str, tuple[str, ...]] = {
    AgencyRole.ADMINISTRATOR: ("change_agencysettings",),
}
GROUP_NAME_SUFFIX: dict[str, str] = {
    AgencyRole.EDITOR: "editors",
    AgencyRole.MODERATOR: "moderators",
    AgencyRole.ADMINISTRATOR: "administrators",
}
# Wagtail's initial migrations create these groups with rights on the whole
# tree and the root collection: on a multi-agency platform that is a leak.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


class PermissionCatalogue:
    """Permission rows looked up once per provisioning run."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], Permission] = {}

    def get(self, app_label: str, codename: str) -> Permission:
        key = (app_label, codename)
        if key not in self._by_key:
            self._by_key[key] = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
        return self._by_key[key]

    def many(self, app_label: str, codenames: Iterable[str]) -> set[Permission]:
        return {self.get(app_label, codename) for codename in codenames}


def ensure_agency_access(
    *, agency: Agency, homes: list[Page], catalogue: PermissionCatalogue
) -> bool:
    """Groups, permissions, collections, settings and workflow of one agency.
    ``homes`` are its home page in every language. Each kind of row is read
    once for all the agency's groups (a run that changes nothing costs about
    ten queries per agency)."""
    groups, changed = _ensure_role_groups(agency, catalogue)
    group_ids = [group.pk for group in groups.values()]

    changed |= _sync_rows(
        GroupPagePermission.objects.filter(group_id__in=group_ids),
        {
            (group.pk, home.pk, permission.pk)
            for role, group in groups.items()
            for home in homes
            for permission in catalogue.many("wagtailcore", PAGE_PERMISSIONS[role])
        },
        key=lambda row: (row.group_id, row.page_id, row.permission_id),
        create=_permission_row(GroupPagePermission, target="page_id"),
    )

    image_collection, document_collection, collections_changed = _ensure_collections(
        agency
    )
    changed |= collections_changed
    changed |= _sync_rows(
        GroupCollectionPermission.objects.filter(group_id__in=group_ids),
        {
            (group.pk, image_collection.pk, permission.pk)
            for role, group in groups.items()
            for permission in catalogue.many("wagtailimages", IMAGE_PERMISSIONS[role])
        }
        | {
            (group.pk, document_collection.pk, permission.pk)
            for role, group in groups.items()
            for permission in catalogue.many("wagtaildocs", DOCUMENT_PERMISSIONS[role])
        },
        key=lambda row: (row.group_id, row.collection_id, row.permission_id),
        create=_permission_row(GroupCollectionPermission, target="collection_id"),
    )

    site = agency.site
    if site is None:  # provision_agency_site gives every agency its Site first
        raise ValueError(f"agency {agency.slug} has no site")
    # (read with the agency when provisioning selected it along)
    if not hasattr(site, "agencysettings"):
        # Created here so that reading settings on a page view never writes.
        AgencySettings.objects.create(site=site)
        changed = True
    changed |= _sync_rows(
        GroupSitePermission.objects.filter(group_id__in=group_ids),
        {
            (group.pk, site.pk, permission.pk)
            for role, group in groups.items()
            for permission in catalogue.many(
                "agency_sites", SETTINGS_PERMISSIONS.get(role, ())
            )
        },
        key=lambda row: (row.group_id, row.site_id, row.permission_id),
        create=_permission_row(GroupSitePermission, target="site_id"),
    )

    changed |= _ensure_workflow(
        agency=agency,
        homes=homes,
        approvers=[groups[AgencyRole.MODERATOR], groups[AgencyRole.ADMINISTRATOR]],
    )
    return changed


def ensure_agency_collections(slugs: Iterable[str]) -> None:
    """Create, in name order, the image and document collections that the
    agencies of ``slugs`` have not got yet (all of them for new agencies).

    Wagtail keeps collections sorted by name: each one added before existing
    siblings moves those down one by one. Added in name order, the new ones
    of a run move none of each other, and one that sorts after every sibling
    (in the database's collation) is appended in two queries.
    """
    wanted = dict.fromkeys(slugs)
    for slug, has_images, has_documents in Agency.objects.filter(
        slug__in=wanted
    ).values_list("slug", "image_collection", "document_collection"):
        if has_images is not None and has_documents is not None:
            del wanted[slug]
    names = {_collection_name(slug, kind) for slug in wanted for kind in _MEDIA_KINDS}
    if not names:
        return
    root = Collection.get_first_root_node()
    # (not root.get_children(): that is empty for good if root had none)
    siblings = Collection.objects.filter(
        depth=root.depth + 1, path__startswith=root.path
    )
    existing = set(siblings.filter(name__in=names).values_list("name", flat=True))
    last_path = siblings.order_by("-path").values_list("path", flat=True).first()
    appended = 0
    for name in sorted(names - existing):
        if last_path is None or siblings.filter(name__gt=name).exists():
            # It sorts before a sibling (by the database's collation), or is
            # the first: treebeard makes room for it.
            _count_children(root, appended)
            appended = 0
            root.add_child(name=name)
            root.refresh_from_db()
            last_path = siblings.order_by("-path").values_list("path", flat=True)[0]
            continue
        # It sorts last: appended after the last sibling, as add_child would.
        last_path = Collection._get_path(
            root.path, root.depth + 1, Collection._str2int(last_path[-4:]) + 1
        )
        Collection(path=last_path, depth=root.depth + 1, numchild=0, name=name).save()
        appended += 1
    _count_children(root, appended)


def _count_children(root: Collection, added: int) -> None:
    if added:
        Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + added)


_MEDIA_KINDS = ("images", "documents")


def _collection_name(slug: str, kind: str) -> str:
    return f"{slug} {kind}"


def ensure_portal_access(*, homes: list[Page], catalogue: PermissionCatalogue) -> bool:
    """The portal administrators' group (global data and the portal's own
    site), and the removal of Wagtail's platform-wide default groups."""
    changed = False
    group, created = Group.objects.get_or_create(name=PORTAL_ADMINISTRATORS_GROUP)
    changed |= created
    wanted_group_permissions = {catalogue.get(*ADMIN_ACCESS)}
    for model in portal_managed_models:
        wanted_group_permissions |= catalogue.many(
            model._meta.app_label,
            [
                f"{action}_{model._meta.model_name}"
                for action in ("add", "change", "delete")
            ],
        )
    if set(group.permissions.all()) != wanted_group_permissions:
        group.permissions.set(wanted_group_permissions)
        changed = True
    wanted_pages = {
        (home.pk, permission.pk)
        for home in homes
        for permission in catalogue.many(
            "wagtailcore", PAGE_PERMISSIONS[AgencyRole.ADMINISTRATOR]
        )
    }
    changed |= _sync_rows(
        GroupPagePermission.objects.filter(group=group),
        wanted_pages,
        key=lambda row: (row.page_id, row.permission_id),
        create=lambda key: GroupPagePermission(
            group=group, page_id=key[0], permission_id=key[1]
        ),
    )
    for name in WAGTAIL_DEFAULT_GROUPS:
        default_group = Group.objects.filter(name=name).first()
        if default_group is None or hasattr(default_group, "agency_role"):
            continue
        if not default_group.user_set.exists():
            default_group.delete()
            changed = True
            continue
        # Members keep their group, never the platform-wide rights.
        deleted, _details = GroupPagePermission.objects.filter(
            group=default_group, page__depth=1
        ).delete()
        deleted_collections, _details = GroupCollectionPermission.objects.filter(
            group=default_group, collection__depth=1
        ).delete()
        changed |= bool(deleted or deleted_collections)
    return changed


def _ensure_role_groups(
    agency: Agency, catalogue: PermissionCatalogue
) -> tuple[dict[str, Group], bool]:
    """The agency's group of each role, named after it, with the global
    permissions every agency group has (a few queries for all roles)."""
    changed = False
    links = {
        link.role: link
        for link in AgencyGroup.objects.filter(agency=agency).select_related("group")
    }
    names: dict[str, str] = {
        role: f"{agency.slug} {GROUP_NAME_SUFFIX[role]}" for role in AgencyRole
    }
    unlinked = [role for role in AgencyRole if role not in links]
    groups: dict[str, Group] = {}
    if unlinked:
        # A group of that name left from earlier is taken over, as
        # get_or_create would.
        by_name = {
            group.name: group
            for group in Group.objects.filter(name__in=[names[r] for r in unlinked])
        }
        new_groups = [
            Group(name=names[role]) for role in unlinked if names[role] not in by_name
        ]
        Group.objects.bulk_create(new_groups)
        by_name.update((group.name, group) for group in new_groups)
        AgencyGroup.objects.bulk_create(
            AgencyGroup(agency=agency, role=role, group=by_name[names[role]])
            for role in unlinked
        )
        groups.update((role, by_name[names[role]]) for role in unlinked)
        changed = True
    for role, link in links.items():
        group = link.group
        if group.name != names[role]:
            group.name = names[role]
            group.save(update_fields=["name"])
            changed = True
        groups[role] = group
    wanted = {catalogue.get(*permission).pk for permission in ROLE_GLOBAL_PERMISSIONS}
    current: dict[int, set[int]] = {group.pk: set() for group in groups.values()}
    for group_id, permission_id in Group.permissions.through.objects.filter(
        group_id__in=current
    ).values_list("group_id", "permission_id"):
        current[group_id].add(permission_id)
    missing_rows = []
    for group in groups.values():
        if not current[group.pk]:
            missing_rows += [
                Group.permissions.through(group_id=group.pk, permission_id=permission)
                for permission in wanted
            ]
        elif current[group.pk] != wanted:
            group.permissions.set(wanted)
        else:
            continue
        changed = True
    Group.permissions.through.objects.bulk_create(missing_rows)
    return {role: groups[role] for role in AgencyRole}, changed


def _ensure_collections(agency: Agency) -> tuple[Collection, Collection, bool]:
    """The agency's image and document collections, found by name (made by
    :func:`ensure_agency_collections`) or created, and linked to it."""
    image_collection = agency.image_collection
    document_collection = agency.document_collection
    if image_collection is not None and document_collection is not None:
        return image_collection, document_collection, False
    root = Collection.get_first_root_node()
    names = {kind: _collection_name(agency.slug, kind) for kind in _MEDIA_KINDS}
    found = {
        collection.name: collection
        for collection in root.get_children().filter(name__in=names.values())
    }

    def collection(kind: str) -> Collection:
        name = names[kind]
        existing = found.get(name)
        return existing if existing is not None else root.add_child(name=name)

    if image_collection is None:
        image_collection = collection("images")
    if document_collection is None:
        document_collection = collection("documents")
    agency.image_collection = image_collection
    agency.document_collection = document_collection
    agency.save(update_fields=["image_collection", "document_collection", "updated_at"])
    return image_collection, document_collection, True


def _workflow_names(agency: Agency) -> tuple[str, str]:
    """The agency's workflow and task names, in the platform's default
    language (Tajik): editors read them in "Submitted to …" messages and
    on the workflow screens, whatever language their admin is in."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"agency": agency.name(settings.LANGUAGE_CODE)}
        workflow_name = gettext("Moderation: %(agency)s") % values
        task_name = gettext("Approval: %(agency)s") % values
    return workflow_name[:255], task_name[:255]


def _ensure_workflow(
    *, agency: Agency, homes: list[Page], approvers: list[Group]
) -> bool:
    changed = False
    workflow = agency.workflow
    workflow_name, task_name = _workflow_names(agency)
    if workflow is None:
        workflow = Workflow.objects.create(name=workflow_name, active=True)
        task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        agency.workflow = workflow
        agency.save(update_fields=["workflow", "updated_at"])
        changed = True
    elif workflow.name == f"{agency.slug} moderation":
        # Named in English by earlier releases: renamed once, an editor's own
        # name for the workflow is kept.
        workflow.name = workflow_name
        workflow.save(update_fields=["name"])
        changed = True
    for task in GroupApprovalTask.objects.filter(
        workflow_tasks__workflow=workflow
    ).prefetch_related("groups"):
        if task.name == f"{agency.slug} approval":
            task.name = task_name
            task.save(update_fields=["name"])
            changed = True
        if set(task.groups.all()) != set(approvers):
            task.groups.set(approvers)
            changed = True
    assignments = {
        assignment.page_id: assignment
        for assignment in WorkflowPage.objects.filter(page__in=homes)
    }
    missing = []
    for home in homes:
        assignment = assignments.get(home.pk)
        if assignment is None:
            missing.append(WorkflowPage(page=home, workflow=workflow))
        elif assignment.workflow_id != workflow.pk:
            assignment.workflow = workflow
            assignment.save(update_fields=["workflow"])
            changed = True
    if missing:
        WorkflowPage.objects.bulk_create(missing)
        changed = True
    return changed


def _permission_row(
    model: type[RowT], *, target: str
) -> Callable[[tuple[int, int, int]], RowT]:
    """Makes the ``model`` row giving a group (the key's first id) a
    permission (its last id) on a target (its middle id, in the field
    ``target``)."""

    def create(key: tuple[int, int, int]) -> RowT:
        return model(group_id=key[0], permission_id=key[2], **{target: key[1]})

    return create


def _sync_rows(
    existing_rows: Iterable[RowT],
    wanted: set[KeyT],
    *,
    key: Callable[[RowT], KeyT],
    create: Callable[[KeyT], RowT],
) -> bool:
    """Make a set of permission rows equal ``wanted`` (keys); True if changed."""
    rows = list(existing_rows)
    current = {key(row): row for row in rows}
    stale = [row.pk for row_key, row in current.items() if row_key not in wanted]
    missing = [create(row_key) for row_key in wanted if row_key not in current]
    if stale:
        type(rows[0])._default_manager.filter(pk__in=stale).delete()
    if missing:
        type(missing[0])._default_manager.bulk_create(missing)
    return bool(stale or missing)
