"""The ground floor's contracts: small typed registries through which
content apps plug into the platform (home panels, site sections, demo
content, API routers and searchable types, publishing event types,
content-health rules) without importing each other or anything above them.

A content app adds to a registry in its ``AppConfig.ready()``; the floors
above (provisioning, the assembly) read the registries. Nothing here imports
a content app.
"""

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered list of contributions of one kind.

    Registering the same item twice keeps one copy, so an app whose
    ``ready()`` runs again (as in some test set-ups) does not double it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def register(self, item: T) -> T:
        """Add ``item``; returns it, so a function can be registered with
        ``@registry.register``."""
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._items)} items>"
