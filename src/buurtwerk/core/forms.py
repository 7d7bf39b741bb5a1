from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field_name, field_errors in error.error_dict.items():
            target = field_name if field_name in form.fields else NON_FIELD_ERRORS
            for field_error in field_errors:
                form.add_error(None if target == NON_FIELD_ERRORS else target, field_error)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    """The browser's date picker. It reads and writes only ISO dates (2026-12-03), whatever
    the language, so a prefilled value must be written that way or the browser shows nothing."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker, which reads only 2026-12-03T17:30."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
