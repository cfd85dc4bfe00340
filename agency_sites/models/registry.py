"""The agency registry: one record per government body hosted on the platform."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection, Site, Workflow

# A DNS label: agencies get SLUG.<PORTAL_DOMAIN> as their default hostname.
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
HOSTNAME_PATTERN = (
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class AgencyKind(models.TextChoices):
    """Whether a body belongs to the central government or to a local one."""

    CENTRAL = "central", _("Central government body")
    LOCAL = "local", _("Local executive body")


class Region(models.TextChoices):
    """The first-level administrative divisions of Tajikistan."""

    DUSHANBE = "dushanbe", _("Dushanbe")
    SUGHD = "sughd", _("Sughd Region")
    KHATLON = "khatlon", _("Khatlon Region")
    GBAO = "gbao", _("Gorno-Badakhshan Autonomous Region")
    DRS = "drs", _("Districts of Republican Subordination")


class Agency(models.Model):
    """A government body and the Wagtail Site that is its website.

    Official names are kept here in every content language: they title the
    agency's home pages and the portal's directory.
    """

    slug = models.CharField(
        _("slug"),
        max_length=63,
        unique=True,
        validators=[RegexValidator(SLUG_PATTERN)],
        help_text=_("Short Latin identifier, also the first label of the hostname."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AgencyKind.choices)
    region = models.CharField(
        _("region"), max_length=16, choices=Region.choices, blank=True
    )
    names = models.JSONField(
        _("official names"),
        help_text=_(
            "The official name in each content language, keyed by language code."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinate_bodies",
    )
    hostname = models.CharField(
        _("hostname"),
        max_length=253,
        unique=True,
        validators=[RegexValidator(HOSTNAME_PATTERN)],
    )
    # Deleting the Site must go through deprovisioning, never from under the registry.
    site = models.OneToOneField(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="agency",
        null=True,
        blank=True,
    )
    image_collection = models.ForeignKey(
        Collection,
        verbose_name=_("image collection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document_collection = models.ForeignKey(
        Collection,
        verbose_name=_("document collection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("moderation workflow"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set while the site is offline (deprovisioned); everything else is kept.
    deprovisioned_at = models.DateTimeField(_("offline since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="local") | ~models.Q(region=""),
                name="agency_local_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name()

    @property
    def is_online(self) -> bool:
        return self.deprovisioned_at is None

    def name(self, language_code: str | None = None) -> str:
        """The official name in the given (default: active) language, falling
        back to the default language."""
        language_code = (language_code or get_language() or settings.LANGUAGE_CODE)[:2]
        names: dict[str, str] = self.names
        return names.get(language_code) or names.get(settings.LANGUAGE_CODE, self.slug)


class AgencyRole(models.TextChoices):
    """What a member of an agency may do on its site.

    Editors write and submit for moderation; moderators approve and publish;
    administrators also edit the site's settings and redirects. None of them
    manages users or groups: that stays with platform superusers.
    """

    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")


class AgencyGroup(models.Model):
    """The Django group that holds one role in one agency."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="role_groups",
    )
    role = models.CharField(_("role"), max_length=16, choices=AgencyRole.choices)
    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="agency_role",
    )

    class Meta:
        verbose_name = _("agency group")
        verbose_name_plural = _("agency groups")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "role"], name="one_group_per_agency_role"
            )
        ]

    def __str__(self) -> str:
        return self.group.name
