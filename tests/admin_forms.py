"""Admin form data for pages, as the page editor would post it.

Wagtail renders StreamFields with JavaScript, so their form data cannot be
read from the edit view's HTML: it is built here from the page's values.
"""

import json

from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)


def block_form_data(block: blocks.Block, value: object) -> object:
    """The form data of one block value, nested (see ``nested_form_data``)."""
    if isinstance(block, blocks.StreamBlock):
        return streamfield(
            [
                (child.block_type, block_form_data(child.block, child.value))
                for child in value
            ]
        )
    if isinstance(block, blocks.ListBlock):
        items = list(value or [])
        data = {
            str(index): {
                "value": block_form_data(block.child_block, item),
                "deleted": "",
                "order": str(index),
            }
            for index, item in enumerate(items)
        }
        data["count"] = str(len(items))
        return data
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_data(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "")
    if isinstance(block, blocks.ChooserBlock):
        return str(value.pk) if value else ""
    if isinstance(block, TableBlock):
        return json.dumps(value)
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    return "" if value is None else str(value)


def edit_form_data(client: Client, page: Page) -> QueryDict:
    """What the edit form of ``page`` posts unchanged, publishing it.
    ``client`` must be logged in as someone who may edit the page."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    return _with_streams(data, page.specific)


def add_form_data(
    client: Client, *, parent: Page, model: type[Page], values: dict
) -> QueryDict:
    """What the "add page" form posts to publish a new ``model`` page under
    ``parent`` with the given values (nested, see ``nested_form_data``)."""
    response = client.get(add_page_url(parent=parent, model=model))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = _with_streams(data, model())
    for key, value in nested_form_data(values).items():
        data[key] = value
    return data


def add_page_url(*, parent: Page, model: type[Page]) -> str:
    meta = model._meta
    return reverse(
        "wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]
    )


def _with_streams(data: QueryDict, page: Page) -> QueryDict:
    """Add the StreamFields' form data, which the HTML does not carry."""
    data = data.copy()
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            value = block_form_data(field.stream_block, getattr(page, field.name))
            for key, item in nested_form_data({field.name: value}).items():
                data[key] = item
    data["action-publish"] = "action-publish"
    return data
