"""Reading and validating an agency registry file (YAML).

The file is shaped like ``agency_sites/data/agencies.yaml``::

    agencies:
      - slug: mvd
        kind: central            # central | local
        region: Dushanbe         # required for local bodies
        hostname: mvd.example.tj # optional, default SLUG.<PORTAL_DOMAIN>
        parent: other-slug       # optional
        names: {tg: ..., ru: ..., en: ...}

Validation is pure (no database) and reports every problem at once, each
naming the entry and the field, so that a malformed file creates nothing.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

import yaml

from agency_sites.models import HOSTNAME_PATTERN, SLUG_PATTERN, AgencyKind, Region

ENTRY_FIELDS = {"slug", "kind", "region", "hostname", "parent", "names"}
TOP_LEVEL_FIELDS = {"agencies", "portal_domain"}

# Region spellings accepted in registry files, besides the codes themselves.
REGION_ALIASES = {
    "dushanbe": Region.DUSHANBE,
    "dushanbe city": Region.DUSHANBE,
    "sughd": Region.SUGHD,
    "sughd region": Region.SUGHD,
    "khatlon": Region.KHATLON,
    "khatlon region": Region.KHATLON,
    "gbao": Region.GBAO,
    "gorno-badakhshan autonomous region": Region.GBAO,
    "drs": Region.DRS,
    "districts of republican subordination": Region.DRS,
}


@dataclass(frozen=True, kw_only=True)
class AgencySpec:
    """One validated registry entry."""

    slug: str
    kind: str
    region: str
    names: dict[str, str]
    hostname: str
    parent: str | None = None


class RegistryError(Exception):
    """The registry file cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def load_registry(
    path: Path | str, *, portal_domain: str | None = None
) -> list[AgencySpec]:
    """Read and validate a registry file.

    Raises:
        RegistryError: naming each entry and field that is wrong.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError([_("%(path)s: no such file.") % {"path": path}]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(
            [_("%(path)s: cannot be read: %(error)s") % {"path": path, "error": error}]
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (
            _("line %(line)s, column %(column)s")
            % {"line": mark.line + 1, "column": mark.column + 1}
            if mark
            else ""
        )
        raise RegistryError(
            [
                _("%(path)s: not valid YAML (%(where)s): %(problem)s")
                % {
                    "path": path,
                    "where": where,
                    "problem": getattr(error, "problem", error),
                }
            ]
        ) from None
    return parse_registry(data, portal_domain=portal_domain)


def parse_registry(data: Any, *, portal_domain: str | None = None) -> list[AgencySpec]:
    """Validate the parsed YAML document and return its agencies in file order."""
    portal_domain = portal_domain or settings.PORTAL_DOMAIN
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        raise RegistryError(
            [_("The file must be a mapping with an 'agencies' list at the top level.")]
        )
    problems: list[str] = []
    for key in sorted(set(data) - TOP_LEVEL_FIELDS, key=str):
        problems.append(_("Unknown top-level field '%(field)s'.") % {"field": key})

    numbered: list[tuple[int, AgencySpec]] = []
    for index, entry in enumerate(data["agencies"], start=1):
        spec = _parse_entry(index, entry, portal_domain, problems)
        if spec is not None:
            numbered.append((index, spec))

    problems.extend(_duplicate_problems(numbered))
    if problems:
        raise RegistryError(problems)
    return [spec for _index, spec in numbered]


def _entry_label(index: int, entry: Any) -> str:
    slug = entry.get("slug") if isinstance(entry, dict) else None
    if isinstance(slug, str) and slug:
        return _("entry %(index)s (%(slug)s)") % {"index": index, "slug": slug}
    return _("entry %(index)s") % {"index": index}


def _parse_entry(
    index: int, entry: Any, portal_domain: str, problems: list[str]
) -> AgencySpec | None:
    label = _entry_label(index, entry)

    def problem(field: str, message: str) -> None:
        problems.append(
            _("%(entry)s, field '%(field)s': %(message)s")
            % {"entry": label, "field": field, "message": message}
        )

    if not isinstance(entry, dict):
        problems.append(_("%(entry)s: must be a mapping of fields.") % {"entry": label})
        return None
    before = len(problems)
    for key in sorted(set(entry) - ENTRY_FIELDS, key=str):
        problem(str(key), _("unknown field"))

    slug = _required_text(entry, "slug", problem)
    if slug is not None and not re.fullmatch(SLUG_PATTERN, slug):
        problem(
            "slug", _("use lowercase Latin letters, digits and hyphens (at most 63)")
        )

    kind = _required_text(entry, "kind", problem)
    if kind is not None and kind not in AgencyKind.values:
        problem(
            "kind",
            _("unknown kind '%(kind)s', expected one of: %(choices)s")
            % {"kind": kind, "choices": ", ".join(AgencyKind.values)},
        )

    region = ""
    raw_region = entry.get("region")
    if raw_region is not None and raw_region != "":
        if not isinstance(raw_region, str):
            problem("region", _("must be text"))
        elif raw_region.strip().lower() in REGION_ALIASES:
            region = REGION_ALIASES[raw_region.strip().lower()].value
        elif raw_region in Region.values:
            region = raw_region
        else:
            problem(
                "region",
                _("unknown region '%(region)s', expected one of: %(choices)s")
                % {"region": raw_region, "choices": ", ".join(Region.values)},
            )
    elif kind == AgencyKind.LOCAL:
        problem("region", _("required for a local body"))

    names = _parse_names(entry.get("names"), problem)

    hostname = entry.get("hostname")
    if hostname is None or hostname == "":
        hostname = f"{slug}.{portal_domain}" if slug else None
    elif not isinstance(hostname, str) or not re.fullmatch(HOSTNAME_PATTERN, hostname):
        problem("hostname", _("not a valid lowercase hostname"))
    elif hostname == portal_domain:
        problem("hostname", _("the portal's own domain cannot belong to an agency"))

    parent = entry.get("parent") or None
    if parent is not None and not isinstance(parent, str):
        problem("parent", _("must be the slug of another agency"))
    elif parent is not None and parent == slug:
        problem("parent", _("an agency cannot be its own parent"))

    # Each of these is None or not text only with a problem recorded above.
    if (
        len(problems) > before
        or slug is None
        or kind is None
        or not isinstance(hostname, str)
    ):
        return None
    return AgencySpec(
        slug=slug,
        kind=kind,
        region=region,
        names=names,
        hostname=hostname,
        parent=parent,
    )


def _required_text(entry: dict[str, Any], field: str, problem: Any) -> str | None:
    value = entry.get(field)
    if value is None or value == "":
        problem(field, _("required"))
        return None
    if not isinstance(value, str):
        problem(field, _("must be text"))
        return None
    return value.strip()


def _parse_names(value: Any, problem: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        problem("names", _("required: the official name in each of tg, ru and en"))
        return {}
    names: dict[str, str] = {}
    for language_code, _language_name in settings.WAGTAIL_CONTENT_LANGUAGES:
        name = value.get(language_code)
        field = f"names.{language_code}"
        if name is None or (isinstance(name, str) and not name.strip()):
            problem(field, _("required"))
        elif not isinstance(name, str):
            problem(field, _("must be text"))
        elif len(name.strip()) > 255:
            problem(field, _("longer than 255 characters"))
        else:
            names[language_code] = " ".join(name.split())
    known = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for key in sorted(set(value) - known, key=str):
        problem(f"names.{key}", _("not a content language of the platform"))
    return names


def _duplicate_problems(numbered: list[tuple[int, AgencySpec]]) -> list[str]:
    """Slugs and hostnames must each name one agency only."""
    problems = []
    for field in ("slug", "hostname"):
        seen: dict[str, int] = {}
        for index, spec in numbered:
            value = getattr(spec, field)
            if value in seen:
                problems.append(
                    _(
                        "entry %(index)s (%(slug)s), field '%(field)s': "
                        "'%(value)s' is already used by entry %(first)s"
                    )
                    % {
                        "index": index,
                        "slug": spec.slug,
                        "field": field,
                        "value": value,
                        "first": seen[value],
                    }
                )
            else:
                seen[value] = index
    return problems
