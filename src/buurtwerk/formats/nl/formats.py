"""One way to write a date in the Dutch screens: "3 december 2026", short "3 dec".

Templates use `|date` (DATE_FORMAT), `|date:"SHORT_DATE_FORMAT"`, `|date:"DATETIME_FORMAT"` or
`|date:"SHORT_DATETIME_FORMAT"`; a weekday may go in front ("dinsdag 3 december").
Input formats stay Django's Dutch ones; date inputs use ISO (core.forms.DateInput).
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j b"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j b, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
