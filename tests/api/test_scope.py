"""The public scope keeps the querysets built from it: built once, and never
shared as an evaluated queryset whose rows another request would see."""

from django.test import TestCase

from wagtail.models import Page

import pytest

from cms.api.content import public_scope

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


class BuiltQuerysetTests(TestCase):
    def test_built_once_and_each_caller_gets_its_own_copy(self) -> None:
        scope = public_scope()
        first = scope.built("pages", lambda: Page.objects.filter(depth=1))
        self.assertEqual(len(first), 1)  # evaluated: this copy holds rows
        second = scope.built("pages", lambda: self.fail("built a second time"))
        self.assertIsNot(second, first)
        self.assertIsNone(second._result_cache)
        self.assertEqual(list(second), list(first))
