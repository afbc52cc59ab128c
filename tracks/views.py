from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from . import selectors
from .forms import EventDeadlineForm, EventSettingsForm
from .models import Deadline, Event
from .services import delete_deadline


def show_times_of(event) -> None:
    """The rest of the request renders times in the event's zone, as the event's pages say
    (conf_portal.middleware.event_time_zone resets it when the response is rendered)."""
    timezone.activate(event.zone)


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
        show_times_of(self.event)
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
            program=self._program_summary(),
        )
        return context

    def _program_summary(self):
        from program.views.public import program_summary  # the program's views import these

        return program_summary(self.event, self.request.user)


class CommitteeView(EventScopedMixin, TemplateView):
    template_name = "tracks/committee.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(selectors.public_committee(self.event))
        context["chairs"] = [m for m in members if m.role != "reviewer"]
        context["members"] = [m for m in members if m.role == "reviewer"]
        return context


class OrganizerMixin(LoginRequiredMixin, EventScopedMixin):
    """Pages only the event's organizers reach; anyone else gets a 404."""

    event_permission = "tracks.change_event"

    def get_context_data(self, **kwargs):
        kwargs["manage_tab"] = self.manage_tab
        return super().get_context_data(**kwargs)


class EventSettingsView(OrganizerMixin, UpdateView):
    template_name = "tracks/manage/settings.html"
    form_class = EventSettingsForm
    manage_tab = "settings"

    def get_object(self, queryset=None):
        return Event.objects.get(pk=self.event.pk)  # a copy: the header keeps the saved name

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "The event is saved.")
        return redirect("tracks:manage-settings", event=self.event.slug)


class DeadlinesView(OrganizerMixin, FormView):
    """All important dates of the event, with a form to add one."""

    template_name = "tracks/manage/deadlines.html"
    form_class = EventDeadlineForm
    manage_tab = "dates"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "user": self.request.user}

    def get_context_data(self, **kwargs):
        deadlines = self.event.deadlines.select_related("track", "session_type")
        return super().get_context_data(
            deadlines=deadlines.prefetch_related("changes"), now=timezone.now(), **kwargs
        )

    def form_valid(self, form):
        deadline = form.save()
        messages.success(self.request, f"“{deadline.title}” is added.")
        return redirect("tracks:manage-deadlines", event=self.event.slug)


class DeadlineEditView(OrganizerMixin, UpdateView):
    """Edit or extend one deadline; a moved date stays visible as struck-through history."""

    template_name = "tracks/manage/deadline_edit.html"
    form_class = EventDeadlineForm
    manage_tab = "dates"

    def get_object(self, queryset=None):
        return get_object_or_404(Deadline, pk=self.kwargs["pk"], event=self.event)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "user": self.request.user}

    def form_valid(self, form):
        deadline = form.save()
        messages.success(self.request, f"“{deadline.title}” is saved.")
        return redirect("tracks:manage-deadlines", event=self.event.slug)

    def post(self, request, *args, **kwargs):
        if "delete" in request.POST:
            deadline = self.get_object()
            delete_deadline(deadline=deadline)
            messages.success(request, f"“{deadline.title}” is deleted.")
            return redirect(reverse("tracks:manage-deadlines", kwargs={"event": self.event.slug}))
        return super().post(request, *args, **kwargs)
