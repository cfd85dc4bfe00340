"""What content health contributes to the platform's contracts
(:mod:`cms.contracts`): the cross-cutting rules, the thresholds model
portal administrators manage, and a week of demo history. Registered by
``ComplianceConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from cms.contracts.demo import DemoContent, demo_content
from cms.contracts.health import content_rules
from cms.contracts.portal import PortalLink, portal_links
from cms.contracts.sections import portal_managed_models
from compliance.demo import load_health_history
from compliance.models import RuleSetting
from compliance.rules import HEALTH_RULES

# After every other app's demo content: the history scores what they made.
HEALTH_DEMO = DemoContent(
    name=_("A week of content-health history"), order=90, load=load_health_history
)


# The public transparency page (compliance.urls), linked from the portal's
# home and every site's footer.
TRANSPARENCY_LINK = PortalLink(
    path="content-health/",
    title=_("How government websites meet the content rules"),
    description=_(
        "Every agency's content-health score, checked daily against the "
        "national rules for official websites, and its trend."
    ),
    order=10,
)


def register() -> None:
    for rule in HEALTH_RULES:
        content_rules.register(rule)
    portal_managed_models.register(RuleSetting)
    demo_content.register(HEALTH_DEMO)
    portal_links.register(TRANSPARENCY_LINK)
