"""Dutch address data: postcodes are checked and written the one way PostNL writes them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Four digits without a leading zero, two letters; PostNL never issues SA, SD or SS.
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}


def normalise_postcode(value: str) -> str:
    """Return the postcode as '1234 AB', or raise ValidationError with a Dutch message."""
    match = _POSTCODE.match(value or "")
    if not match or match.group(2).upper() in _FORBIDDEN_LETTERS:
        raise ValidationError(
            _(
                "'%(value)s' is geen geldige postcode. Gebruik vier cijfers en twee letters, "
                "bijvoorbeeld 8302 AB."
            )
            % {"value": value},
            code="invalid_postcode",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)
