"""StreamFields keep their block definitions out of migrations (cms.fields)."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

from wagtail import blocks
from wagtail.fields import StreamField as WagtailStreamField

import pytest

from cms.blocks import StandardBodyBlock
from cms.fields import StreamField
from cms.models import StandardPage


def all_stream_fields() -> list[WagtailStreamField]:
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, WagtailStreamField)
    ]


def test_every_stream_field_keeps_its_blocks_out_of_migrations() -> None:
    fields = all_stream_fields()
    # cms, news (two) and service_pages (three): none is left on Wagtail's own.
    assert len(fields) >= 6
    for field in fields:
        assert type(field) is StreamField, field
        _name, path, args, kwargs = field.deconstruct()
        assert path == "cms.fields.StreamField"
        assert args == []
        assert "block_lookup" not in kwargs


def test_the_model_keeps_its_blocks_at_runtime() -> None:
    body = StandardPage._meta.get_field("body")
    assert set(body.stream_block.child_blocks) == set(StandardBodyBlock().child_blocks)


def test_a_field_rebuilt_from_a_migration_has_no_blocks() -> None:
    name, path, args, kwargs = StandardPage._meta.get_field("body").deconstruct()
    rebuilt = StreamField(*args, **kwargs)
    assert rebuilt.stream_block.child_blocks == {}
    assert rebuilt.blank
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)


@pytest.mark.django_db
def test_a_block_change_makes_no_migration() -> None:
    """A new child in a block of StandardPage.body: makemigrations --check
    still finds nothing to write (no AlterField restating the block tree).
    The database is read by wagtail-localize's first migration as it loads."""
    body = StandardPage._meta.get_field("body")
    notice = body.stream_block.child_blocks["notice"]
    probe = blocks.CharBlock(required=False)
    probe.set_name("probe")
    notice.child_blocks["probe"] = probe
    out = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out)
    finally:
        del notice.child_blocks["probe"]
    assert "No changes detected" in out.getvalue()
