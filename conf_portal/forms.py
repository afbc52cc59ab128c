"""Form fields every app shares."""

from django import forms
from django.core.exceptions import ValidationError

BIGGEST_ID = 2**63 - 1  # the largest primary key any of our databases stores


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id too large for the database is an invalid choice like any
    other unknown id (SQLite raises OverflowError on ``pk__in`` with such a number)."""

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple | set | frozenset) else ():
            text = str(item).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > BIGGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)
