"""Filters and orderings of the list endpoints (django-filter). Every ordering ends with the
primary key, so pages never overlap."""

import django_filters
from django import forms
from django.db.models import F, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from program.enums import PublicState, SlotKind
from program.models import Slot
from program.selectors import CANCELLED_STATES, SCHEDULABLE_STATES
from submissions.enums import SubmissionState
from submissions.models import Submission

# An empty text filter filters nothing; an empty ordering is the default order.
QUIET_WHEN_EMPTY = (django_filters.CharFilter, django_filters.OrderingFilter)


MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id; one larger than a database key can hold matches nothing (not SQLite's 500)."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value is not None and abs(value) > MAX_ID:
            return qs.none()
        return super().filter(qs, value)


class StrictFilterSet(django_filters.FilterSet):
    """A typed parameter (a choice, a date, a number) given empty answers 400 instead of
    being silently ignored."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, field in self.filters.items():
            if isinstance(field, QUIET_WHEN_EMPTY) or name not in self.data:
                continue
            if "" in self.data.getlist(name):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        return valid


class StableOrderingFilter(django_filters.OrderingFilter):
    """Items without a value (e.g. no mean score yet) come last in both directions."""

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            expression = F(field.lstrip("-"))
            descending = field.startswith("-")
            ordering.append(expression.desc(nulls_last=True) if descending
                            else expression.asc(nulls_last=True))  # fmt: skip
        return qs.order_by(*ordering, "pk")


class ProposalFilter(StrictFilterSet):
    track = django_filters.CharFilter(field_name="track__slug", help_text="A track's slug.")
    type = django_filters.CharFilter(
        field_name="session_type__slug", help_text="A session type's slug."
    )
    state = django_filters.MultipleChoiceFilter(
        choices=SubmissionState.choices, help_text="One or more states (repeat the parameter)."
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="ISO 8601 date and time with its offset, e.g. 2026-05-01T00:00:00Z.",
    )
    ordering = StableOrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at"), ("submitted_at",
                "submitted_at"), ("id", "id")),
    )  # fmt: skip

    class Meta:
        model = Submission
        fields = ["track", "type", "state", "updated_since"]


class ReviewSummaryFilter(ProposalFilter):
    ordering = StableOrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at"), ("id", "id"),
                ("mean_score", "mean")),
    )  # fmt: skip


def _public_state(queryset, name, value):
    """Among published slots: scheduled sessions, or those withdrawn or declined since."""
    if value == PublicState.CANCELLED:
        return queryset.filter(submission__state__in=CANCELLED_STATES)
    return queryset.filter(
        Q(submission__state__in=SCHEDULABLE_STATES, submission__announced_state="")
        | Q(submission__isnull=True)
    )


class PublicSessionFilter(StrictFilterSet):
    track = django_filters.CharFilter(
        field_name="submission__track__slug", help_text="A track's slug."
    )
    type = django_filters.CharFilter(
        field_name="submission__session_type__slug", help_text="A session type's slug."
    )
    state = django_filters.ChoiceFilter(choices=PublicState.choices, method=_public_state)
    ordering = StableOrderingFilter(
        fields=(("at", "start"), ("submission__title", "title"), ("submission_id", "id")),
    )

    class Meta:
        model = Slot
        fields = ["track", "type", "state"]


class ScheduleFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=SlotKind.choices)
    room = IdFilter(field_name="room_id", help_text="A room's id.")

    class Meta:
        model = Slot
        fields = ["kind", "room"]
