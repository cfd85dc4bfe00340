"""Tajik date formats: "6 декабри 2026" (the month in the izofat form, no
Russian abbreviation). Anything not set here comes from Django's ``tg``."""

DATE_FORMAT = r"j E\и Y"
DATETIME_FORMAT = r"j E\и Y, G:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = r"j E\и"
