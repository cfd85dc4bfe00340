"""The exhaustive reference test: no admin form accepts a reference to
another agency's draft or private page, image, document, collection, site,
agency or agency-owned snippet.

Nothing here is a hand-picked list of fields. The models come from the
system (every page type an agency tree can hold, every snippet, every site
setting, images, documents, the agency redirects), and so do their
reference slots (every foreign key, many-to-many, inline (child) object's
foreign key, chooser block path inside every StreamField, and rich-text
field or block, by the link types its features allow). A slot the test does
not know how to probe fails it, so a field added later cannot go unprobed.

Each slot is probed through the real admin edit view, as the least
privileged agency role that may edit the model: a post whose only
difference from the edit form's own data is that the slot holds the other
agency's object must be refused with a form error and save nothing, and the
same post with the user's own object in the slot must be accepted and save
the reference. Every probe runs in a savepoint that is rolled back.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRel
from django.db import transaction
from django.db.models import ForeignObjectRel, Model
from django.forms.utils import ErrorList
from django.http import QueryDict
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation

from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from taggit.models import TagBase
from wagtail import blocks
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import (
    Page,
    PageViewRestriction,
    ReferenceIndex,
    RevisionMixin,
    get_page_models,
)
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)
from wagtail.users.models import UserProfile

from agency_sites.references import MESSAGES, base_model, reference_kind
from home.models import AgencyHomePage
from tests.admin_forms import block_form_data
from tests.factories import AgencyWorld, build_tenancy_world
from tests.factories.content import (
    AgencyTree,
    competition,
    news_item,
    office,
    service,
)

AGENCIES = ["alpha", "beta"]
ROLES = ("editor", "moderator", "administrator")

# Page types an agency tree holds below its sections, and how to build one
# in a tree (the sections themselves are provisioned). A page type that can
# be in an agency tree but has neither an instance nor a builder fails.
PAGE_BUILDERS: dict[str, Callable[[AgencyTree], Page]] = {
    "service_pages.ServicePage": service,
    "service_pages.OfficePage": office,
    "news.NewsPage": news_item,
    "news.CompetitionPage": competition,
}

# Rich-text features that make references, and the kind they refer to; the
# other features a rich text may have make none. A feature in neither list
# fails the test.
REFERENCE_FEATURES = {"link": "page", "document-link": "document", "image": "image"}
PLAIN_FEATURES = frozenset(
    {
        *(f"h{level}" for level in range(1, 7)),
        *("bold", "italic", "ol", "ul", "hr", "blockquote", "code", "embed"),
        *("superscript", "subscript", "strikethrough", "keyboard"),
    }
)
DEFAULT_FEATURES = (
    *("h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr"),
    *("link", "document-link", "image", "embed"),
)

# Kinds whose objects belong to an agency, probed with the other agency's.
SCOPED_KINDS = frozenset(
    {"page", "image", "document", "collection", "site", "agency", "snippet"}
)


@dataclass(frozen=True)
class Slot:
    """One place in a model's edit form where a reference is posted.

    ``path``: the field name, then (inline objects) the field of the child,
    or (StreamFields) the block names down to the chooser or rich text, with
    ``item`` for a list's child. ``shape``: ``field`` (a foreign key or
    many-to-many of the model), ``child`` (of an inline object), ``stream``
    or ``richtext``."""

    model: type[Model]
    path: tuple[str, ...]
    shape: str
    kind: str
    target: type[Model]
    block: object = None  # the chooser or rich-text block, for streams
    features: tuple[str, ...] = ()
    multiple: bool = False

    def __str__(self) -> str:
        return f"{self.model.__name__}.{'.'.join(self.path)} ({self.kind})"


@dataclass
class Tally:
    models: set = field(default_factory=set)
    slots: list = field(default_factory=list)
    requests: int = 0
    escapes: list = field(default_factory=list)
    wrong_refusals: list = field(default_factory=list)
    unprobeable: list = field(default_factory=list)
    own_messages: int = 0


# --- enumeration -------------------------------------------------------------------


def agency_page_models() -> list[type[Page]]:
    """Every page type that can exist in an agency's tree: from the agency
    home page (provisioned) down through each type's allowed subpage types
    that editors can create."""
    found: list[type[Page]] = []
    todo = [AgencyHomePage]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        todo.extend(
            child for child in model.allowed_subpage_models() if child.is_creatable
        )
    return found


def richtext_kinds(features: list[str] | None) -> tuple[list[str], list[str]]:
    """The kinds a rich text with these features can refer to, and the
    features the test does not know."""
    kinds, unknown = [], []
    for feature in features or DEFAULT_FEATURES:
        if feature in REFERENCE_FEATURES:
            kinds.append(REFERENCE_FEATURES[feature])
        elif feature not in PLAIN_FEATURES:
            unknown.append(feature)
    return kinds, unknown


KIND_MODELS: dict[str, Callable[[], type[Model]]] = {
    "page": lambda: Page,
    "image": get_image_model,
    "document": get_document_model,
}


def block_slots(
    model: type[Model], block: blocks.Block, path: tuple[str, ...], tally: Tally
) -> Iterator[Slot]:
    if isinstance(block, (blocks.StreamBlock, blocks.StructBlock)):
        for name, child in block.child_blocks.items():
            yield from block_slots(model, child, (*path, name), tally)
    elif isinstance(block, blocks.ListBlock):
        yield from block_slots(model, block.child_block, (*path, "item"), tally)
    elif isinstance(block, blocks.ChooserBlock):
        target = block.model_class
        yield Slot(model, path, "stream", reference_kind(target), target, block)
    elif isinstance(block, blocks.RichTextBlock):
        kinds, unknown = richtext_kinds(block.features)
        for feature in unknown:
            tally.unprobeable.append(f"{'.'.join(path)}: rich-text feature {feature}")
        for kind in kinds:
            features = tuple(block.features or DEFAULT_FEATURES)
            target = KIND_MODELS[kind]()
            yield Slot(model, path, "stream", kind, target, block, features)
    elif type(block).extract_references is not blocks.Block.extract_references:
        tally.unprobeable.append(f"{model.__name__}.{'.'.join(path)}: {block}")


def model_slots(
    model: type[Model], tally: Tally, prefix: tuple[str, ...] = ()
) -> Iterator[Slot]:
    """Every reference slot of ``model`` and of its inline (child) models."""
    shape = "child" if prefix else "field"
    for model_field in model._meta.get_fields():
        if isinstance(model_field, (ForeignObjectRel, GenericRel, ParentalKey)):
            continue
        path = (*prefix, model_field.name)
        if isinstance(model_field, GenericForeignKey):
            tally.unprobeable.append(f"{model.__name__}.{model_field.name}")
        elif model_field.is_relation and model_field.concrete:
            if getattr(model_field.remote_field, "parent_link", False):
                continue
            target = model_field.related_model
            if issubclass(target, TagBase):
                # Tags: free text shared by everyone, typed, not chosen.
                continue
            yield Slot(
                model,
                path,
                shape,
                reference_kind(target),
                target,
                multiple=model_field.many_to_many,
            )
        elif isinstance(model_field, StreamField):
            yield from block_slots(model, model_field.stream_block, path, tally)
        elif isinstance(model_field, RichTextField):
            kinds, unknown = richtext_kinds(model_field.features)
            for feature in unknown:
                tally.unprobeable.append(f"{model.__name__}.{path}: {feature}")
            for kind in kinds:
                features = tuple(model_field.features or DEFAULT_FEATURES)
                target = KIND_MODELS[kind]()
                yield Slot(model, path, "richtext", kind, target, None, features)
        elif hasattr(model_field, "extract_references"):
            tally.unprobeable.append(f"{model.__name__}.{model_field.name}")
    if not prefix:
        for relation in get_all_child_relations(model):
            yield from model_slots(
                relation.related_model, tally, (relation.get_accessor_name(),)
            )


# --- form data ---------------------------------------------------------------------


def filler(block: blocks.Block) -> object:
    """The form data of a minimal valid value of ``block``."""
    required = getattr(block, "required", False)
    if isinstance(block, blocks.StreamBlock):
        return streamfield([])
    if isinstance(block, blocks.StructBlock):
        return {name: filler(child) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        count = block.meta.min_num or 0
        data = {
            str(index): {
                "value": filler(block.child_block),
                "deleted": "",
                "order": str(index),
            }
            for index in range(count)
        }
        data["count"] = str(count)
        return data
    if isinstance(block, blocks.RichTextBlock):
        return rich_text("<p>x</p>" if required else "", features=block.features)
    if isinstance(block, blocks.ChoiceBlock):
        return str(block.field.choices[-1][0]) if required else ""
    if isinstance(block, blocks.URLBlock):
        return "https://example.org/" if required else ""
    if isinstance(block, blocks.EmailBlock):
        return "someone@example.org" if required else ""
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return "x" if required else ""
    if isinstance(block, blocks.BooleanBlock):
        return ""
    if isinstance(block, TableBlock):
        return json.dumps(block.get_default())
    if not required:
        return ""
    raise AssertionError(f"no minimal value known for the required block {block}")


def richtext_html(kind: str, pk: object) -> str:
    if kind == "page":
        return f'<p><a linktype="page" id="{pk}">x</a></p>'
    if kind == "document":
        return f'<p><a linktype="document" id="{pk}">x</a></p>'
    return f'<embed embedtype="image" id="{pk}" alt="x" format="fullwidth"/>'


def stream_data(
    block: blocks.Block, path: tuple[str, ...], slot: Slot, pk: object
) -> object:
    """The form data of the smallest value of ``block`` that holds ``pk`` at
    ``path``."""
    if not path:
        if isinstance(block, blocks.RichTextBlock):
            return rich_text(richtext_html(slot.kind, pk), features=list(slot.features))
        return str(pk)
    head, rest = path[0], path[1:]
    if isinstance(block, blocks.StreamBlock):
        return streamfield(
            [(head, stream_data(block.child_blocks[head], rest, slot, pk))]
        )
    if isinstance(block, blocks.StructBlock):
        return {
            name: stream_data(child, rest, slot, pk) if name == head else filler(child)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        value = stream_data(block.child_block, rest, slot, pk)
        return {"0": {"value": value, "deleted": "", "order": "0"}, "count": "1"}
    raise AssertionError(f"cannot descend into {block} at {path}")


def with_slot(data: QueryDict, slot: Slot, pk: object) -> QueryDict:
    """``data`` with the slot holding the object ``pk`` (nothing else changed)."""
    data = data.copy()
    name = slot.path[0]
    if slot.shape == "field":
        if slot.multiple:
            data.setlist(name, [str(pk)])
        else:
            data[name] = str(pk)
    elif slot.shape == "child":
        index = int(data.get(f"{name}-TOTAL_FORMS", "0"))
        data[f"{name}-TOTAL_FORMS"] = str(index + 1)
        data.setdefault(f"{name}-INITIAL_FORMS", "0")
        data.setdefault(f"{name}-MIN_NUM_FORMS", "0")
        data.setdefault(f"{name}-MAX_NUM_FORMS", "1000")
        data[f"{name}-{index}-{slot.path[1]}"] = str(pk)
        data[f"{name}-{index}-id"] = ""
        data[f"{name}-{index}-ORDER"] = str(index + 1)
        data[f"{name}-{index}-DELETE"] = ""
    elif slot.shape == "richtext":
        data[name] = rich_text(
            richtext_html(slot.kind, pk), features=list(slot.features)
        )
    else:
        field_block = slot.model._meta.get_field(name).stream_block
        for key in [key for key in data if key == name or key.startswith(f"{name}-")]:
            del data[key]
        value = stream_data(field_block, slot.path[1:], slot, pk)
        for key, item in nested_form_data({name: value}).items():
            data[key] = item
    return data


def post_form_data(html: str, url: str) -> QueryDict:
    """The data the edit form (the form posting to ``url``) posts."""
    soup = WagtailTestUtils.get_soup(html)
    forms = [
        form
        for form in soup.find_all("form")
        if (form.get("method") or "").lower() == "post"
    ]
    for wanted in (url, "", None):
        for form in forms:
            if form.get("action") == wanted:
                index = soup.find_all("form").index(form)
                return querydict_from_html(html, form_index=index)
    raise AssertionError(f"no edit form posting to {url}")


def with_streams(data: QueryDict, instance: Model) -> QueryDict:
    """``data`` with the StreamFields' form data, which the HTML does not
    carry (the editor builds them with JavaScript), from the stored state."""
    instance = type(instance)._default_manager.get(pk=instance.pk)
    if isinstance(instance, RevisionMixin) and instance.latest_revision_id:
        instance = instance.latest_revision.as_object()
    data = data.copy()
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, StreamField):
            value = block_form_data(
                model_field.stream_block, getattr(instance, model_field.name)
            )
            for key, item in nested_form_data({model_field.name: value}).items():
                data[key] = item
    return data


def slot_errors(response: object, slot: Slot) -> list[str]:
    """The error messages on the field that holds the slot: the model's
    field, or the inline form's field."""
    form = response.context["form"]
    if slot.shape == "child":
        forms = form.formsets[slot.path[0]].forms
        name = slot.path[1]
    else:
        forms = [form]
        name = slot.path[0]
    return [
        message
        for one in forms
        for error in one.errors.get(name, ErrorList()).as_data()
        for message in error.messages
    ]


def form_messages(response: object) -> list[str]:
    """Every error message of the response's form and its inline forms."""
    form = response.context["form"]
    messages = []

    def collect(one: object) -> None:
        for errors in one.errors.values():
            for error in errors.as_data():
                messages.extend(error.messages)
        for formset in getattr(one, "formsets", {}).values():
            for child in formset.forms:
                collect(child)

    collect(form)
    return messages


def translations(message: object) -> set[str]:
    """The message in every language of the admin."""
    texts = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts.add(str(message))
    return texts


# --- the world and its objects -----------------------------------------------------


@dataclass
class Editable:
    """An editable object of one model in the user's own agency."""

    model: type[Model]
    instance: Model
    url: str


def refers_to(instance: Model, target: Model) -> bool:
    """Whether the stored state of ``instance`` (its latest revision for
    models with revisions) refers to ``target``."""
    instance = type(instance)._default_manager.get(pk=instance.pk)
    if isinstance(instance, RevisionMixin) and instance.latest_revision_id:
        instance = instance.latest_revision.as_object()
    wanted = (ReferenceIndex._get_base_content_type(target).pk, str(target.pk))
    return any(
        (content_type_id, object_id) == wanted
        for content_type_id, object_id, *_rest in (
            ReferenceIndex._extract_references_from_object(instance)
        )
    )


def stored_state(instance: Model) -> tuple:
    """The row and the number of revisions: unchanged when nothing was saved."""
    model = type(instance)
    row = model._default_manager.filter(pk=instance.pk).values().get()
    revisions = instance.revisions.count() if isinstance(instance, RevisionMixin) else 0
    return row, revisions


class ReferenceScopeTest(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.worlds, cls.portal_admin = build_tenancy_world(AGENCIES)

    def tree(self, world: AgencyWorld) -> AgencyTree:
        home = world.home
        return AgencyTree(
            agency=world.agency,
            home=home,
            sections={page.slug: page for page in home.get_children().specific()},
        )

    def page_of(self, world: AgencyWorld, model: type[Page]) -> Page | None:
        existing = model.objects.descendant_of(world.home, inclusive=True).first()
        if existing is not None:
            return existing
        builder = PAGE_BUILDERS.get(model._meta.label)
        return builder(self.tree(world)) if builder else None

    def editables(self, world: AgencyWorld, tally: Tally) -> list[Editable]:
        """One object of every model an agency role can edit, in ``world``."""
        found = []
        page_models = agency_page_models()
        outside = set(get_page_models()) - set(page_models)
        for model in outside:
            # Only trees' roots that agencies never hold (the tree's root,
            # the portal's home) may be outside agency trees.
            self.assertTrue(
                model is Page or model.allowed_parent_page_models() == [Page],
                f"{model} is outside every agency tree but is no root page",
            )
        for model in page_models:
            page = self.page_of(world, model)
            if page is None:
                tally.unprobeable.append(f"no {model.__name__} to edit")
                continue
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            found.append(Editable(model, page, url))
        for model in get_snippet_models():
            if reference_kind(model) != "snippet":
                # Shared by every agency: agency roles may not edit it.
                self.assertFalse(
                    self.may_add(world, model),
                    f"agency roles edit the global {model.__name__}",
                )
                continue
            instance = model._default_manager.filter(agency=world.agency).first()
            if instance is None:
                tally.unprobeable.append(f"no {model.__name__} to edit")
                continue
            url = reverse(
                model.snippet_viewset.get_url_name("edit"), args=[instance.pk]
            )
            found.append(Editable(model, instance, url))
        for model in settings_registry:
            instance = model.for_site(world.agency.site)
            meta = model._meta
            url = reverse(
                "wagtailsettings:edit",
                args=[meta.app_label, meta.model_name, world.agency.site_id],
            )
            found.append(Editable(model, instance, url))
        found.append(
            Editable(
                get_image_model(),
                world.image,
                reverse("wagtailimages:edit", args=[world.image.pk]),
            )
        )
        found.append(
            Editable(
                get_document_model(),
                world.document,
                reverse("wagtaildocs:edit", args=[world.document.pk]),
            )
        )
        found.append(
            Editable(
                Redirect,
                world.redirect,
                reverse("agency_redirects:edit", args=[world.redirect.pk]),
            )
        )
        return found

    def may_add(self, world: AgencyWorld, model: type[Model]) -> bool:
        """Whether any agency role of ``world`` may open the add form."""
        url = reverse(model.snippet_viewset.get_url_name("add"))
        for role in ROLES:
            client = Client()
            client.force_login(world.users[role])
            if client.get(url).status_code == 200:
                return True
        return False

    # -- objects of each kind, the other agency's and the user's own --

    def new_page(self, world: AgencyWorld, model: type[Page]) -> Page:
        builder = PAGE_BUILDERS.get(model._meta.label)
        self.assertIsNotNone(builder, f"no way to build a {model.__name__}")
        return builder(self.tree(world))

    def foreign_objects(
        self, slot: Slot, own: AgencyWorld, other: AgencyWorld
    ) -> list[tuple[str, Model]]:
        """The other agency's objects of the slot's kind that the user may
        not choose."""
        kind = slot.kind
        if kind == "page":
            if slot.target is Page:
                draft, private = other.draft_page, other.live_page
            else:
                draft = self.new_page(other, slot.target)
                draft.unpublish()
                private = self.new_page(other, slot.target)
            PageViewRestriction.objects.create(
                page=private,
                restriction_type=PageViewRestriction.PASSWORD,
                password="secret",
            )
            return [("draft page", draft), ("private page", private)]
        if kind == "image":
            return [("image", other.image)]
        if kind == "document":
            return [("document", other.document)]
        if kind == "collection":
            collection = (
                other.agency.image_collection
                if slot.model is base_model(get_image_model())
                else other.agency.document_collection
            )
            return [("collection", collection)]
        if kind == "site":
            return [("site", other.agency.site)]
        if kind == "agency":
            return [("agency", other.agency)]
        if kind == "snippet":
            instance = slot.target._default_manager.filter(agency=other.agency).first()
            self.assertIsNotNone(
                instance, f"no {slot.target.__name__} of the other agency"
            )
            return [(str(slot.target._meta.verbose_name), instance)]
        raise AssertionError(f"no foreign object known for {slot}")

    def own_object(self, slot: Slot, own: AgencyWorld, editable: Editable) -> Model:
        kind = slot.kind
        if kind == "page":
            if slot.target is Page:
                return own.draft_page
            return self.page_of(own, slot.target)
        if kind == "image":
            return own.image
        if kind == "document":
            return own.document
        if kind == "collection":
            return editable.instance.collection
        if kind == "site":
            return own.agency.site
        if kind == "agency":
            return own.agency
        if kind == "snippet":
            return slot.target._default_manager.filter(agency=own.agency).first()
        raise AssertionError(f"no own object known for {slot}")

    # -- the probe --

    def client_for(
        self, own: AgencyWorld, editable: Editable, tally: Tally
    ) -> tuple[Client, object]:
        """A client of the least privileged role that may open the edit
        form, and that form."""
        for role in ROLES:
            client = Client()
            client.force_login(own.users[role])
            response = client.get(editable.url)
            tally.requests += 1
            if response.status_code == 200:
                return client, response
        raise AssertionError(f"no agency role may edit {editable.model.__name__}")

    def probe(
        self,
        slot: Slot,
        editable: Editable,
        own: AgencyWorld,
        other: AgencyWorld,
        tally: Tally,
        *,
        client: Client,
        baseline: QueryDict,
        form_fields: set[str],
    ) -> None:
        instance = editable.instance
        if slot.path[0] not in form_fields:
            # Not in the form (e.g. the page an alias copies, a setting's
            # site): posting it anyway must not store it.
            if slot.kind in SCOPED_KINDS:
                for label, foreign in self.foreign_objects(slot, own, other):
                    client.post(editable.url, with_slot(baseline, slot, foreign.pk))
                    tally.requests += 1
                    if refers_to(instance, foreign):
                        tally.escapes.append(f"{slot}: {label} stored")
            return
        if slot.kind not in SCOPED_KINDS:
            if slot.kind != "global":
                tally.unprobeable.append(f"{slot}: a form field of kind {slot.kind}")
            return
        expected = translations(MESSAGES[slot.kind])
        for label, foreign in self.foreign_objects(slot, own, other):
            before = stored_state(instance)
            response = client.post(editable.url, with_slot(baseline, slot, foreign.pk))
            tally.requests += 1
            messages = (
                slot_errors(response, slot) if response.status_code == 200 else []
            )
            refused = bool(messages)
            if any(text in message for message in messages for text in expected):
                tally.own_messages += 1
            if other.token in response.content.decode():
                tally.escapes.append(f"{slot}: the refusal shows the other's {label}")
            if (
                not refused
                or stored_state(instance) != before
                or refers_to(instance, foreign)
            ):
                tally.escapes.append(
                    f"{slot}: the other agency's {label} (HTTP {response.status_code})"
                )
        mine = self.own_object(slot, own, editable)
        response = client.post(editable.url, with_slot(baseline, slot, mine.pk))
        tally.requests += 1
        if response.status_code != 302 or not refers_to(instance, mine):
            errors = form_messages(response) if response.status_code == 200 else []
            tally.wrong_refusals.append(f"{slot}: own object refused {errors}")

    def test_no_form_accepts_another_agencys_object(self) -> None:
        own, other = self.worlds["alpha"], self.worlds["beta"]
        tally = Tally()
        for editable in self.editables(own, tally):
            tally.models.add(editable.model)
            # The edit form, opened once: every probe is rolled back.
            client, response = self.client_for(own, editable, tally)
            baseline = with_streams(
                post_form_data(response.content.decode(), editable.url),
                editable.instance,
            )
            form = response.context["form"]
            form_fields = {*form.fields, *getattr(form, "formsets", {})}
            for slot in model_slots(editable.model, tally):
                if slot.shape == "child" and slot.path[0] not in {
                    relation.get_accessor_name()
                    for relation in get_all_child_relations(editable.model)
                }:
                    continue
                tally.slots.append(slot)
                with transaction.atomic():
                    self.probe(
                        slot,
                        editable,
                        own,
                        other,
                        tally,
                        client=client,
                        baseline=baseline,
                        form_fields=form_fields,
                    )
                    transaction.set_rollback(True)
        probed = [slot for slot in tally.slots if slot.kind in SCOPED_KINDS]
        print(  # noqa: T201 - the counts the issue asks for, shown with -s
            f"\nreference scope: {len(tally.models)} models, {len(tally.slots)} slots, "
            f"{len(probed)} agency-scoped slots probed, {tally.requests} requests, "
            f"{len(tally.escapes)} escapes ({tally.own_messages} refusals by the "
            "reference check, the rest by the form field itself)"
        )
        print("\n".join(tally.escapes + tally.wrong_refusals))  # noqa: T201
        self.assertEqual(tally.unprobeable, [], "slots the test cannot probe")
        self.assertEqual(tally.escapes, [], "references to another agency accepted")
        self.assertEqual(tally.wrong_refusals, [], "own objects refused")
        self.assertGreater(len(probed), 20)


def page_post(page: Page, **changes: object) -> dict:
    """What the edit form of a standard page posts (saving a draft)."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([]),
            **changes,
        }
    )


def call_to_action(page: Page) -> object:
    return streamfield(
        [
            (
                "call_to_action",
                {
                    "title": "x",
                    "text": "",
                    "link_label": "x",
                    "page": str(page.pk),
                    "url": "",
                },
            )
        ]
    )


class ReferenceRulesTest(WagtailTestUtils, TestCase):
    """What the check allows besides the user's own objects, and its
    language."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.worlds, cls.portal_admin = build_tenancy_world(AGENCIES)

    def setUp(self) -> None:
        self.own, self.other = self.worlds["alpha"], self.worlds["beta"]
        self.page = self.own.draft_page
        self.url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def login(self, user: object) -> None:
        self.client.force_login(user)

    def latest(self) -> Page:
        return Page.objects.get(
            pk=self.page.pk
        ).specific.get_latest_revision_as_object()

    def test_error_is_in_the_editors_language(self) -> None:
        editor = self.own.users["editor"]
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = "ru"
        profile.save()
        self.login(editor)
        response = self.client.post(
            self.url, page_post(self.page, listing_image=str(self.other.image.pk))
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["listing_image"],
            [
                "Это изображение вам недоступно. Выберите изображение из коллекций "
                "своего ведомства."
            ],
        )
        self.assertNotContains(response, self.other.token)
        self.assertIsNone(self.latest().listing_image_id)

    def test_live_public_page_of_another_agency_may_be_linked(self) -> None:
        self.login(self.own.users["editor"])
        response = self.client.post(
            self.url, page_post(self.page, body=call_to_action(self.other.archive))
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.latest().body[0].value["page"].pk, self.other.archive.pk)

    def test_a_reference_already_held_does_not_block_saving(self) -> None:
        """A link chosen when the other agency's page was public stays
        saveable after that page is unpublished; adding it again elsewhere
        is still refused."""
        self.login(self.own.users["editor"])
        linked = self.other.archive
        self.client.post(self.url, page_post(self.page, body=call_to_action(linked)))
        linked.unpublish()
        response = self.client.post(
            self.url,
            page_post(self.page, title="Renamed", body=call_to_action(linked)),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.latest().title, "Renamed")
        other_page = self.own.live_page
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[other_page.pk]),
            page_post(other_page, body=call_to_action(linked)),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("body", response.context["form"].errors)

    def test_superusers_are_not_restricted(self) -> None:
        user_model = type(self.own.users["editor"])
        self.login(user_model.objects.create_superuser("root", "root@example.org"))
        response = self.client.post(
            self.url, page_post(self.page, listing_image=str(self.other.image.pk))
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.latest().listing_image_id, self.other.image.pk)
