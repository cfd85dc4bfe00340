"""Russian dates without the trailing "г." of Django's format: "7 декабря
2026" reads the same, and a sentence ending on a date does not end "г.."."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, G:i"
YEAR_MONTH_FORMAT = "F Y"
