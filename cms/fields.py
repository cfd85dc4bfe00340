"""A StreamField whose migrations do not restate its blocks.

Wagtail's own ``StreamField.deconstruct`` writes the whole block tree into
every migration that touches the field, and any change to any block (a help
text, a new child of a StructBlock) makes a new migration that restates it
all again. In the database a StreamField is one JSON column whatever its
blocks, so the block tree is not part of the schema: this field leaves it
out, and a block change makes no migration at all.

The blocks a StreamField uses at runtime always come from the model's code.
The field rebuilt from a migration (a historical model in a data migration)
has no blocks: a ``RunPython`` that must read or write StreamField content
should import the block it needs, or use
``wagtail.blocks.migrations`` (which works on the raw JSON).
"""

from typing import Any

from wagtail.fields import StreamField as WagtailStreamField

#: Where migrations find this field: fixed, so moving the class is one line.
PATH = "cms.fields.StreamField"


class StreamField(WagtailStreamField):
    """``wagtail.fields.StreamField`` without its blocks in migrations."""

    def __init__(self, block_types: Any = None, **kwargs: Any) -> None:
        # From a migration the field is built with no block types.
        super().__init__([] if block_types is None else block_types, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        # Skip Wagtail's deconstruct (which serialises the block tree) and
        # keep Field's: the column's own options (blank, verbose_name...).
        name, _path, _args, kwargs = super(WagtailStreamField, self).deconstruct()
        # Options Wagtail hands to the top-level block (min_num, max_num,
        # block_counts, collapsed) are not Field options: they stay out too.
        return name, PATH, [], kwargs
