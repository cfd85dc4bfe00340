"""Test data builders."""

from .registry import agency_entry, registry_file

__all__ = ["agency_entry", "registry_file"]
