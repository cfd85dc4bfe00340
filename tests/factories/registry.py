"""Agency registry entries and files, shaped like agency_sites/data/agencies.yaml."""

from pathlib import Path
from typing import Any

import yaml


def agency_entry(slug: str, **overrides: Any) -> dict[str, Any]:
    """A valid registry entry for a central body; override any field."""
    entry: dict[str, Any] = {
        "slug": slug,
        "kind": "central",
        "names": {
            "tg": f"Вазорати {slug}и Ҷумҳурии Тоҷикистон",
            "ru": f"Министерство {slug} Республики Таджикистан",
            "en": f"Ministry of {slug.title()} of the Republic of Tajikistan",
        },
    }
    entry.update(overrides)
    return entry


def registry_file(
    directory: Path, entries: list[Any], name: str = "agencies.yaml"
) -> Path:
    """Write a registry file with the given entries and return its path."""
    path = directory / name
    path.write_text(
        yaml.safe_dump({"agencies": entries}, allow_unicode=True), encoding="utf-8"
    )
    return path
