"""Blocks that structure content: accordions (FAQ), step lists and tables."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.rich_text import expand_db_html
from wagtail_localize.segments import StringSegmentValue

from .text import ParagraphBlock


class AccordionItemBlock(blocks.StructBlock):
    """One question and its answer, folded until the reader opens it."""

    title = blocks.CharBlock(label=_("Question or title"), max_length=255)
    text = ParagraphBlock(label=_("Answer"))

    class Meta:
        icon = "help"
        template = "cms/blocks/accordion_item.html"
        label = _("Question")
        description = _("A question and its answer.")
        preview_value = {
            "title": "Ариза чанд рӯз баррасӣ мешавад?",
            "text": "<p>То 15 рӯзи корӣ.</p>",
        }


class AccordionBlock(blocks.StructBlock):
    """Frequently asked questions, or any list of folded sections. Works
    without JavaScript (``<details>``)."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/accordion.html"
        label = _("Accordion / FAQ")
        description = _("Questions and answers that open one by one.")
        preview_value = {
            "heading": "Саволҳои маъмул",
            "items": [
                {
                    "title": "Ариза чанд рӯз баррасӣ мешавад?",
                    "text": "<p>То 15 рӯзи корӣ.</p>",
                }
            ],
        }


class StepBlock(blocks.StructBlock):
    """One step of a procedure."""

    title = blocks.CharBlock(label=_("Step"), max_length=255)
    text = ParagraphBlock(label=_("Details"), required=False)

    class Meta:
        icon = "arrow-right"
        template = "cms/blocks/step.html"
        label = _("Step")
        description = _("One step: what to do, and how.")
        preview_value = {
            "title": "Ҳуҷҷатҳоро омода кунед",
            "text": "<p>Нусхаи шиносномаро гиред.</p>",
        }

    def get_api_representation(
        self, value: blocks.StructValue, context: dict[str, Any] | None = None
    ) -> dict[str, str]:
        """The step's title, and its details as HTML with real links."""
        return {
            "title": value["title"],
            "text": expand_db_html(value["text"].source) if value["text"] else "",
        }


class StepListBlock(blocks.StructBlock):
    """A numbered procedure, step by step."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/step_list.html"
        label = _("Step list")
        description = _("A numbered procedure, one step after the other.")
        preview_value = {
            "heading": "Тартиби гирифтан",
            "steps": [
                {"title": "Ҳуҷҷатҳоро омода кунед", "text": ""},
                {"title": "Ариза пешниҳод кунед", "text": ""},
            ],
        }


class TableBlock(WagtailTableBlock):
    """A data table with an optional header row and caption.

    Its cells and caption are translated with wagtail-localize like any other
    text (Wagtail's own table block would be left untranslated).
    """

    def get_translatable_segments(
        self, value: dict[str, Any] | None
    ) -> list[StringSegmentValue]:
        if not value:
            return []
        segments = [
            StringSegmentValue(f"{row}.{column}", cell)
            for row, cells in enumerate(value.get("data") or [])
            for column, cell in enumerate(cells)
            if isinstance(cell, str) and cell.strip()
        ]
        if value.get("table_caption"):
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        return segments

    def restore_translated_segments(
        self, value: dict[str, Any], segments: list[StringSegmentValue]
    ) -> dict[str, Any]:
        value = {**value, "data": [list(row) for row in value.get("data") or []]}
        for segment in segments:
            if segment.path == "caption":
                value["table_caption"] = segment.render_text()
            else:
                row, column = (int(part) for part in segment.path.split("."))
                value["data"][row][column] = segment.render_text()
        return value

    class Meta:
        icon = "table"
        template = "cms/blocks/table.html"
        label = _("Table")
        description = _("Rows and columns of figures or facts.")
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Нархҳо",
            "data": [["Хизматрасонӣ", "Нарх"], ["Маълумотнома", "30 сомонӣ"]],
        }
