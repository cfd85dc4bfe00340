"""Score trends as inline SVG, drawn on the server: no script, readable by
screen readers through its title, and the same in the admin and on the
public page."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compliance.selectors import TrendPoint


def trend_svg(
    points: Sequence[TrendPoint], *, title: str, width: int = 240, height: int = 60
) -> SafeString:
    """A line of daily scores (0 at the bottom, 100 at the top), with a dot
    on the last day. Empty when there is nothing to draw."""
    if not points:
        return SafeString("")
    margin = 4
    inner_width, inner_height = width - 2 * margin, height - 2 * margin
    step = inner_width / max(len(points) - 1, 1)
    coordinates = [
        (
            round(margin + index * step, 1),
            round(margin + inner_height * (100 - point.score) / 100, 1),
        )
        for index, point in enumerate(points)
    ]
    line = " ".join(f"{x},{y}" for x, y in coordinates)
    last_x, last_y = coordinates[-1]
    summary = _("%(title)s: from %(first)s to %(last)s over %(days)s days") % {
        "title": title,
        "first": points[0].score,
        "last": points[-1].score,
        "days": len(points),
    }
    days = format_html_join(
        "",
        "<desc>{}: {}</desc>",
        ((point.day.isoformat(), point.score) for point in points[-1:]),
    )
    return format_html(
        '<svg class="health-trend" role="img" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{summary}</title>{days}"
        '<line x1="{m}" y1="{mid}" x2="{end}" y2="{mid}" stroke="#ccc" '
        'stroke-dasharray="2 2"/>'
        '<polyline fill="none" stroke="currentColor" stroke-width="2" '
        'points="{line}"/>'
        '<circle cx="{x}" cy="{y}" r="3" fill="currentColor"/></svg>',
        w=width,
        h=height,
        m=margin,
        end=width - margin,
        mid=margin + inner_height / 2,
        summary=summary,
        days=days,
        line=line,
        x=last_x,
        y=last_y,
    )
