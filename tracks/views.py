from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView

from . import selectors
from .models import Event


class EventScopedMixin:
    """Loads the event named in the URL and answers 404 unless the user may see it."""

    event_permission = "tracks.view_event"

    @cached_property
    def event(self) -> Event:
        event = get_object_or_404(Event, slug=self.kwargs["event"])
        if not self.request.user.has_perm(self.event_permission, event):
            raise Http404("No such event.")
        return event

    def get_context_data(self, **kwargs):
        kwargs["event"] = self.event  # replaces the slug that TemplateView passes along
        return super().get_context_data(**kwargs)


class HomeView(ListView):
    template_name = "tracks/home.html"
    context_object_name = "events"

    def get_queryset(self):
        return selectors.event_listing(self.request.user).order_by("-start_date")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        cards = [
            {"event": event, "cfp": selectors.cfp_status(event.deadlines.all(), now)}
            for event in context["events"]
        ]
        today = timezone.localdate()
        open_calls = [c for c in cards if c["cfp"]["state"] in ("open", "upcoming")]
        others = [c for c in cards if c not in open_calls]
        context.update(
            open_calls=open_calls,
            upcoming_events=[c for c in others if c["event"].end_date >= today],
            past_events=[c for c in others if c["event"].end_date < today],
        )
        return context


class EventDetailView(EventScopedMixin, TemplateView):
    """The public call-for-proposals page."""

    template_name = "tracks/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        deadlines = list(
            event.deadlines.select_related("track", "session_type").prefetch_related("changes")
        )
        chairs = selectors.track_chairs(event)
        tracks = list(event.tracks.all())
        for track in tracks:
            track.chair_users = chairs.get(track.pk, [])
        now = timezone.now()
        context.update(
            now=now,
            tracks=tracks,
            session_types=list(event.session_types.all()),
            deadlines=deadlines,
            cfp=selectors.cfp_status(deadlines, now),
            committee_preview=[
                m for m in selectors.public_committee(event) if m.role != "reviewer"
            ],
            can_change=self.request.user.has_perm("tracks.change_event", event),
        )
        return context


class CommitteeView(EventScopedMixin, TemplateView):
    template_name = "tracks/committee.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(selectors.public_committee(self.event))
        context["chairs"] = [m for m in members if m.role != "reviewer"]
        context["members"] = [m for m in members if m.role == "reviewer"]
        return context
