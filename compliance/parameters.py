"""The thresholds of content health: those of the registered rules, and the
run's own (when to remind an agency's administrators)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cms.contracts.health import Parameter, declared_parameters

REMINDER_SCORE = Parameter(
    key="reminders.score_below",
    label=_("Score below which an agency's administrators are reminded"),
    default=70,
)
OWN_PARAMETERS = (REMINDER_SCORE,)


def all_parameters() -> list[tuple[str | Promise, Parameter]]:
    """(what it belongs to, parameter) for every threshold."""
    own: list[tuple[str | Promise, Parameter]] = [
        (_("Reminders"), parameter) for parameter in OWN_PARAMETERS
    ]
    return own + [(rule.title, parameter) for rule, parameter in declared_parameters()]


def current_values() -> dict[str, int]:
    """The thresholds portal administrators have set, by key. One query."""
    from compliance.models import RuleSetting

    return dict(RuleSetting.objects.values_list("parameter", "value"))
