"""English dates as British and official usage writes them: "6 December 2026"
rather than Django's American "Dec. 6, 2026"."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, G:i"
