"""Enrolling, checking and removing a member of staff's second factor."""

import base64
import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest

import django_otp
import segno
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# The names of the devices, as django-otp lists them (not shown to users).
AUTHENTICATOR_NAME = "authenticator"
BACKUP_CODES_NAME = "backup codes"
BACKUP_CODE_COUNT = 10
# Digits of an authenticator's code (django-otp's default, what the apps show).
TOTP_DIGITS = 6

_SEPARATORS = re.compile(r"[\s-]+")


@dataclass(frozen=True, kw_only=True)
class Verification:
    """The outcome of checking a code: the device it matched, or when the
    next try is allowed if wrong codes have locked every device."""

    device: Device | None
    locked_until: datetime | None = None


def pending_authenticator(*, user: User) -> TOTPDevice:
    """The authenticator being set up: a new secret, kept unconfirmed until
    the user types a code it produced (the same one on every reload)."""
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, confirmed=False
        )
    return device


def authenticator_qr_svg(*, device: TOTPDevice) -> str:
    """The device's otpauth:// URI as a QR code, an inline SVG element."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff"
    )
    return svg


def base32_secret(*, device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in, in groups of
    four letters."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    """A code as typed: spaces and dashes dropped, lower case (backup codes
    are base32, written in groups)."""
    return _SEPARATORS.sub("", code).lower()


def confirm_authenticator(*, device: TOTPDevice, code: str) -> bool:
    """Confirm a pending authenticator with a code it produced: it replaces
    any earlier one. Throttled like any check (a wrong code waits)."""
    with transaction.atomic():
        if not device.verify_token(normalise_code(code)):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return True


def new_backup_codes(*, user: User) -> list[str]:
    """Replace the user's backup codes with ``BACKUP_CODE_COUNT`` new ones,
    each good for one sign-in; returns them (they are shown once)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes


def remaining_backup_codes(*, user: User) -> int:
    count: int = StaticToken.objects.filter(
        device__user=user, device__confirmed=True
    ).count()
    return count


def verify_code(*, user: User, code: str) -> Verification:
    """Check a code from the user's authenticator or one of their backup
    codes (used up when it matches). A device locked by earlier wrong codes
    is not tried; when every candidate is locked, says until when."""
    token = normalise_code(code)
    if not token:
        return Verification(device=None)
    # Six digits come from the authenticator, anything else is a backup
    # code: a typed backup code does not count as a wrong authenticator code.
    devices: list[Device] = (
        list(TOTPDevice.objects.filter(user=user, confirmed=True))
        if token.isdigit() and len(token) <= TOTP_DIGITS
        else list(StaticDevice.objects.filter(user=user, confirmed=True))
    )
    locked: list[datetime] = []
    with transaction.atomic():
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                if details and details.get("locked_until"):
                    locked.append(details["locked_until"])
                continue
            if device.verify_token(token):
                return Verification(device=device)
    if locked and len(locked) == len(devices):
        return Verification(device=None, locked_until=min(locked))
    return Verification(device=None)


def mark_session_verified(*, request: HttpRequest, device: Device) -> None:
    """This session has passed the second step with ``device``."""
    django_otp.login(request, device)


def remove_second_factor(*, user: User) -> None:
    """Turn two-step sign-in off: the authenticator and the backup codes go."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
