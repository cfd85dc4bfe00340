"""What content health contributes to the platform's contracts
(:mod:`cms.contracts`): the cross-cutting rules, and the thresholds model
portal administrators manage. Registered by ``ComplianceConfig.ready()``."""

from cms.contracts.health import content_rules
from cms.contracts.sections import portal_managed_models
from compliance.models import RuleSetting
from compliance.rules import HEALTH_RULES


def register() -> None:
    for rule in HEALTH_RULES:
        content_rules.register(rule)
    portal_managed_models.register(RuleSetting)
