"""Which event a request may read: the public endpoints serve public events (and the events a
token's user may view, as the pages do); the committee endpoints serve only the events the
token is scoped to, while its user still organizes or chairs there. Everything else is 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from rest_framework.permissions import BasePermission

from reviews.rules import assignment_scope
from tracks.models import Event
from tracks.views import show_times_of

from .models import ApiToken
from .tokens import scoped_event_ids


class HasToken(BasePermission):
    """A valid token is required: without one the answer is 401."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiToken)


def token_may(request, event, permission: str) -> bool:
    """Whether the request's token is scoped to ``event`` and its user has ``permission`` there."""
    token = request.auth
    return (
        isinstance(token, ApiToken)
        and event.pk in scoped_event_ids(token)
        and request.user.has_perm(permission, event)
    )


class EventMixin:
    """The event in the URL (``slug``), shown in its time zone; 404 unless ``may_read``."""

    def may_read(self, event) -> bool:
        raise NotImplementedError

    @cached_property
    def event(self) -> Event:
        event = get_object_or_404(Event, slug=self.kwargs["slug"])
        if not self.may_read(event):
            raise Http404("No such event.")
        return event

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        show_times_of(self.event)


class PublicEventMixin(EventMixin):
    def may_read(self, event) -> bool:
        return event.is_public or token_may(self.request, event, "tracks.view_event")


class CommitteeEventMixin(EventMixin):
    """Organizers (the whole event) and track chairs (their tracks, ``scope``)."""

    permission_classes = [HasToken]
    event_permission = "reviews.manage_assignments"

    def may_read(self, event) -> bool:
        return token_may(self.request, event, self.event_permission)

    @cached_property
    def scope(self) -> frozenset[int] | None:
        """Track ids the user chairs; None for every track (see reviews.rules)."""
        return assignment_scope(self.request.user, self.event)
