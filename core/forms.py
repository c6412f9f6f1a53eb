from django.core.exceptions import ValidationError
from django.forms import BaseForm


def apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names when the form has that field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
