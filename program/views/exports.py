"""The program's exports: public feeds (frab XML, c3voc JSON, iCalendar) and, for organizers, the
accepted sessions as CSV or JSON and the tutorial stipend report."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.cache import patch_cache_control
from django.views import View

from tracks.models import Event, Track

from ..exporters import c3voc, frab, ical
from ..exporters.common import Program, program_for


class FeedView(View):
    """Loads the event and the schedule the user may download (404 otherwise)."""

    def get(self, request, *args, **kwargs):
        event = get_object_or_404(Event, slug=kwargs["event"])
        program = program_for(request.user, event)
        response = self.render(program, **kwargs)
        if not (event.is_public and program.version):  # a preview: organizers only
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def render(self, program: Program, **kwargs) -> HttpResponse:
        raise NotImplementedError

    @staticmethod
    def filename(program: Program, name: str, extension: str) -> str:
        draft = "-draft" if program.is_draft else ""
        return f"{program.event.slug}-{name}{draft}.{extension}"

    def download(self, content, content_type, filename, disposition="inline") -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response


class ScheduleXmlView(FeedView):
    def render(self, program, **kwargs):
        filename = self.filename(program, "schedule", "xml")
        return self.download(frab.schedule_xml(program), "text/xml; charset=utf-8", filename)


class ScheduleJsonView(FeedView):
    def render(self, program, **kwargs):
        content = json.dumps(c3voc.schedule_json(program), ensure_ascii=False, indent=1)
        filename = self.filename(program, "schedule", "json")
        return self.download(content, "application/json; charset=utf-8", filename)


class CalendarView(FeedView):
    def calendar(self, program, slots, title, name) -> HttpResponse:
        content = ical.calendar(program, slots, f"{program.event.name}: {title}")
        filename = self.filename(program, name, "ics")
        return self.download(content, "text/calendar; charset=utf-8", filename, "attachment")


class ScheduleIcsView(CalendarView):
    def render(self, program, **kwargs):
        slots = ical.event_slots(program)
        return self.calendar(program, slots, "program", "schedule")


class TrackIcsView(CalendarView):
    def render(self, program, **kwargs):
        track = get_object_or_404(Track, event=program.event, slug=kwargs["track"])
        slots = ical.track_slots(program, track)
        return self.calendar(program, slots, track.name, f"track-{track.slug}")


class SpeakerIcsView(CalendarView):
    def render(self, program, **kwargs):
        slots = ical.speaker_slots(program, kwargs["pk"])
        if not slots:
            raise Http404("No such speaker in the program.")
        user = next(u for u in ical.speakers(slots[0]) if u.pk == kwargs["pk"])
        return self.calendar(program, slots, user.public_name, f"speaker-{user.pk}")


class SessionIcsView(CalendarView):
    def render(self, program, **kwargs):
        slots = ical.session_slots(program, kwargs["pk"])
        if not slots:
            raise Http404("No such session in the program.")
        title = slots[0].display_title
        return self.calendar(program, slots, title, f"session-{kwargs['pk']}")


urlpatterns = [
    path("<slug:event>/program/schedule.xml", ScheduleXmlView.as_view(), name="schedule-xml"),
    path("<slug:event>/program/schedule.json", ScheduleJsonView.as_view(), name="schedule-json"),
    path("<slug:event>/program/schedule.ics", ScheduleIcsView.as_view(), name="schedule-ics"),
    path("<slug:event>/program/tracks/<slug:track>.ics", TrackIcsView.as_view(), name="track-ics"),
    path(
        "<slug:event>/program/speakers/<int:pk>.ics",
        SpeakerIcsView.as_view(),
        name="speaker-ics",
    ),
    path(
        "<slug:event>/program/sessions/<int:pk>.ics",
        SessionIcsView.as_view(),
        name="session-ics",
    ),
]
