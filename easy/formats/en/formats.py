"""English date formats: one way of writing a date across the portal ("4 March 2026"), and one
for a moment ("4 March 2026, 14:05"). Templates use ``|date`` (or ``|date:"DATETIME_FORMAT"``)
and never spell a format out; other languages keep Django's own formats."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
