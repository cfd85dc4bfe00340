"""The service catalogue's content-health rules (:mod:`cms.contracts.health`):
services reviewed within a year with fee, time and documents filled, and a
head office with complete, well-formed contacts. Each check costs at most
two queries per agency."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from cms.contracts.health import (
    ContentRule,
    Finding,
    HealthContext,
    Parameter,
    Severity,
    email_is_well_formed,
    phone_is_well_formed,
)
from service_pages.models import OfficeKind, OfficePage, ServicePage

REVIEW_DAYS = Parameter(
    key="services.review_days",
    label=_("Days after which a service page must be reviewed again"),
    default=365,
)


def check_services(context: HealthContext) -> list[Finding]:
    """Each service: reviewed within the period, with fee, processing time
    and required documents filled in. One query."""
    ids = [row.id for row in context.pages_of(ServicePage)]
    oldest = context.today - timedelta(days=context.value(REVIEW_DAYS))
    findings: list[Finding] = []
    rows = (
        ServicePage.objects.filter(pk__in=ids)
        .order_by("title", "pk")
        .values_list(
            "pk",
            "title",
            "last_reviewed",
            "is_free",
            "fee_amount",
            "processing_time",
            "required_documents",
        )
    )
    for pk, title, reviewed, is_free, fee, time, documents in rows:
        values = {"title": title}
        if reviewed is None:
            findings.append(
                Finding(
                    message=_("“%(title)s” has never been reviewed."),
                    values=values,
                    page_id=pk,
                    field=ServicePage._meta.get_field("last_reviewed").verbose_name,
                    fix=_(
                        "Check the page with the responsible unit and set the "
                        "date it was last reviewed."
                    ),
                )
            )
        elif reviewed < oldest:
            findings.append(
                Finding(
                    message=_("“%(title)s” was last reviewed on %(date)s."),
                    values={**values, "date": reviewed.isoformat()},
                    page_id=pk,
                    field=ServicePage._meta.get_field("last_reviewed").verbose_name,
                    fix=_(
                        "Check the page with the responsible unit and set the "
                        "date it was last reviewed."
                    ),
                )
            )
        if not is_free and fee is None:
            findings.append(
                Finding(
                    message=_("“%(title)s” does not say what it costs."),
                    values=values,
                    page_id=pk,
                    field=ServicePage._meta.get_field("fee_amount").verbose_name,
                    fix=_("Enter the fee in somoni, or tick “free of charge”."),
                )
            )
        if not time.strip():
            findings.append(
                Finding(
                    message=_("“%(title)s” does not say how long it takes."),
                    values=values,
                    page_id=pk,
                    field=ServicePage._meta.get_field("processing_time").verbose_name,
                    fix=_("Enter the processing time, for example: 5 working days."),
                )
            )
        if not documents:
            findings.append(
                Finding(
                    message=_("“%(title)s” does not list the documents to bring."),
                    values=values,
                    page_id=pk,
                    field=ServicePage._meta.get_field(
                        "required_documents"
                    ).verbose_name,
                    fix=_("List every document citizens must bring or upload."),
                )
            )
    return findings


def check_head_office(context: HealthContext) -> list[Finding]:
    """A head office in Contacts with address, a well-formed phone and
    e-mail, and opening hours. Two queries."""
    ids = [row.id for row in context.pages_of(OfficePage)]
    office = (
        OfficePage.objects.filter(pk__in=ids, kind=OfficeKind.HEAD_OFFICE)
        .order_by("path")
        .prefetch_related("opening_hours")
        .first()
    )
    if office is None:
        return [
            Finding(
                message=_("The Contacts section has no head office."),
                fix=_(
                    "Add an office of the kind “Head office” under Contacts, "
                    "with its address, phone, e-mail and opening hours."
                ),
            )
        ]
    values = {"title": office.title}
    findings: list[Finding] = []
    if not office.address.strip():
        findings.append(
            Finding(
                message=_("The head office “%(title)s” has no address."),
                values=values,
                page_id=office.pk,
                field=OfficePage._meta.get_field("address").verbose_name,
                fix=_("Enter the street and building."),
            )
        )
    if not phone_is_well_formed(office.phone):
        findings.append(
            Finding(
                message=_(
                    "The head office “%(title)s” has no phone number in the "
                    "international form."
                ),
                values=values,
                page_id=office.pk,
                field=OfficePage._meta.get_field("phone").verbose_name,
                fix=_("Enter the number as +992 followed by its nine digits."),
            )
        )
    if not email_is_well_formed(office.email):
        findings.append(
            Finding(
                message=_("The head office “%(title)s” has no valid e-mail address."),
                values=values,
                page_id=office.pk,
                field=OfficePage._meta.get_field("email").verbose_name,
                fix=_("Enter the e-mail address where citizens can write."),
            )
        )
    if not list(office.opening_hours.all()):
        findings.append(
            Finding(
                message=_("The head office “%(title)s” has no opening hours."),
                values=values,
                page_id=office.pk,
                field=_("Opening hours"),
                fix=_("Enter the hours of every working day."),
            )
        )
    return findings


SERVICES_REVIEWED = ContentRule(
    code="services.reviewed",
    title=_("Services are reviewed and complete"),
    explanation=_(
        "Every service page says what the service costs, how long it takes "
        "and which documents to bring, and has been checked by the "
        "responsible unit within the review period. Citizens plan their "
        "visit from these facts; an outdated fee sends them away."
    ),
    severity=Severity.CRITICAL,
    check=check_services,
    parameters=(REVIEW_DAYS,),
    remind_page_owners=True,
)
HEAD_OFFICE = ContentRule(
    code="contacts.head_office",
    title=_("The head office can be reached"),
    explanation=_(
        "The Contacts section lists the head office with its address, a phone "
        "number and e-mail address in the right form, and its opening hours, "
        "so that citizens know where and when to come and how to ask."
    ),
    severity=Severity.CRITICAL,
    check=check_head_office,
)
HEALTH_RULES = (SERVICES_REVIEWED, HEAD_OFFICE)
