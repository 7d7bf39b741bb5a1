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
