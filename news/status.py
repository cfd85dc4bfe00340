"""Whether a competition is open: derived from its deadline and the date in
Dushanbe, never stored."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Deadlines are days in Tajikistan, whatever the server's time zone.
DUSHANBE = ZoneInfo("Asia/Dushanbe")


class CompetitionStatus(models.TextChoices):
    """Whether applications are still accepted."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def dushanbe_today(now: datetime | None = None) -> date:
    """Today's date in Dushanbe."""
    return timezone.localtime(now or timezone.now(), DUSHANBE).date()


def competition_status(
    *, deadline: date, today: date | None = None
) -> CompetitionStatus:
    """Open through the whole deadline day in Dushanbe, closed from the next."""
    today = today or dushanbe_today()
    return CompetitionStatus.OPEN if deadline >= today else CompetitionStatus.CLOSED
