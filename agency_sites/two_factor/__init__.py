"""Two-step sign-in for staff: an authenticator app (TOTP, RFC 6238, through
django-otp) and single-use backup codes.

Any member of staff may turn it on in their account settings; once they have,
each admin session asks for a code after the password, before any admin view
(``middleware.TwoFactorMiddleware``). With
``settings.TWO_FACTOR_REQUIRED_FOR_PORTAL_ADMINS`` on, portal administrators
(superusers and the "Portal administrators" group) must set it up before any
other admin page opens. Wrong codes are throttled by django-otp: each failure
doubles the wait before the next try.
"""
