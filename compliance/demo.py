"""Demo content of content health: a week of daily reports for every demo
agency, so that the dashboard, the ranking and the public page show trends
on the demo's first run. Each day is checked as it was that day (news and
review dates count from it), as the nightly run would have."""

from datetime import timedelta

from django.utils import timezone

from compliance.models import HealthReport
from compliance.services import run_health_checks

HISTORY_DAYS = 7


def load_health_history() -> int:
    """Check every agency for each of the last days that has no report yet;
    returns the number of reports created."""
    today = timezone.localdate()
    created = 0
    for offset in range(HISTORY_DAYS - 1, -1, -1):
        day = today - timedelta(days=offset)
        if HealthReport.objects.filter(day=day).exists():
            continue
        created += len(run_health_checks(day=day))
    return created
