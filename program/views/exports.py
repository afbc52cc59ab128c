"""The program's exports: public feeds (frab XML, c3voc JSON, iCalendar) and, for organizers, the
accepted sessions as CSV or JSON, the tutorial stipend report and the program book (a PDF built
by a worker: started here, its progress polled, the latest finished one downloaded)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from conf_portal.spreadsheets import csv_download
from proceedings.builds import start_build, sweep_stale_builds
from proceedings.enums import FINISHED_BUILD_STATES, BuildKind, BuildStatus
from proceedings.models import ProceedingsBuild
from tracks.models import Event, Track
from tracks.views import OrganizerMixin

from ..exporters import ORGANIZERS, PUBLIC, c3voc, exports_for, frab, ical
from ..exporters.book import NO_VERSION
from ..exporters.common import Program, program_for, speakers
from ..exporters.forms import SessionsExportForm, StipendExportForm
from ..exporters.stipend import stipend_csv
from ..exporters.tables import accepted_submissions, schedule_source, sessions_csv, sessions_rows
from ..selectors import latest_version


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
        user = next(u for u in speakers(slots[0]) if u.pk == kwargs["pk"])
        return self.calendar(program, slots, user.public_name, f"speaker-{user.pk}")


class SessionIcsView(CalendarView):
    def render(self, program, **kwargs):
        slots = ical.session_slots(program, kwargs["pk"])
        if not slots:
            raise Http404("No such session in the program.")
        title = slots[0].display_title
        return self.calendar(program, slots, title, f"session-{kwargs['pk']}")


# The organizers' page -----------------------------------------------------------------------


class ExportsView(OrganizerMixin, TemplateView):
    """Every export of the program: the public feeds' links, and the organizers' downloads with
    their choices. A download whose choices are invalid shows this page with the errors."""

    template_name = "program/exports/manage.html"
    event_permission = "program.manage_program"
    manage_tab = "exports"
    bound = ""  # which form the request submitted, if any

    @cached_property
    def sessions_form(self) -> SessionsExportForm:
        data = self.request.GET if self.bound == "sessions" else None
        return SessionsExportForm(data, event=self.event, auto_id="sessions_%s")

    @cached_property
    def stipend_form(self) -> StipendExportForm:
        data = self.request.GET if self.bound == "stipends" else None
        return StipendExportForm(data, event=self.event, auto_id="stipend_%s")

    def get_context_data(self, **kwargs):
        version = latest_version(self.event)
        # A book whose worker is gone stops blocking the card (it is marked failed).
        sweep_stale_builds(event=self.event, kind=BuildKind.PROGRAM_BOOK)
        books = program_books(self.event).select_related("started_by")
        latest_book = books.first()
        return super().get_context_data(
            latest_book=latest_book,
            book_active=latest_book is not None and latest_book.status not in FINISHED_BUILD_STATES,
            finished_book=books.filter(status=BuildStatus.DONE).exclude(pdf="").first(),
            version=version,
            feeds_public=self.event.is_public and version is not None,
            public_exports=exports_for(PUBLIC),
            organizer_exports=exports_for(ORGANIZERS),
            tracks=self.event.tracks.all(),
            sessions_form=self.sessions_form,
            stipend_form=self.stipend_form,
            **kwargs,
        )

    def file_name(self, schedule, name: str, extension: str) -> str:
        times = slugify(schedule.name) or "version"
        return f"{self.event.slug}-{name}-{times}.{extension}"


class SessionsExportView(ExportsView):
    bound = "sessions"
    extension = "csv"

    def get(self, request, *args, **kwargs):
        form = self.sessions_form
        if not form.is_valid():
            return super().get(request, *args, **kwargs)
        schedule = schedule_source(self.event, form.cleaned_data["times"])
        submissions = accepted_submissions(self.event)
        columns = form.cleaned_data["columns"]
        filename = self.file_name(schedule, "sessions", self.extension)
        if self.extension == "csv":
            return csv_download(sessions_csv(submissions, schedule, columns), filename)
        rows = sessions_rows(submissions, schedule, columns)
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class SessionsJsonView(SessionsExportView):
    extension = "json"


class StipendExportView(ExportsView):
    bound = "stipends"

    def get(self, request, *args, **kwargs):
        form = self.stipend_form
        if not form.is_valid():
            return super().get(request, *args, **kwargs)
        data = form.cleaned_data
        schedule = schedule_source(self.event, data["times"])
        tutorials = accepted_submissions(self.event, session_types=data["session_types"])
        text = stipend_csv(
            tutorials, schedule, data["rate"], data["currency"], data["half_day_hours"]
        )
        return csv_download(text, self.file_name(schedule, "tutorial-stipends", "csv"))


def program_books(event):
    return ProceedingsBuild.objects.filter(event=event, kind=BuildKind.PROGRAM_BOOK)


class ProgramBookStartView(ExportsView):
    """Queues a build of the program book (a worker renders it)."""

    def get(self, request, *args, **kwargs):
        return redirect("program:manage-exports", event=self.event.slug)

    def post(self, request, *args, **kwargs):
        if latest_version(self.event) is None:
            messages.error(request, NO_VERSION)
            return redirect("program:manage-exports", event=self.event.slug)
        try:
            start_build(event=self.event, kind=BuildKind.PROGRAM_BOOK, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, "The program book is being built; this page shows when it is ready."
            )
        return redirect("program:manage-exports", event=self.event.slug)


class ProgramBookProgressView(ExportsView):
    """A program book build's state as JSON, for static/js/build_progress.js."""

    def get(self, request, *args, **kwargs):
        sweep_stale_builds(event=self.event, kind=BuildKind.PROGRAM_BOOK)
        build = get_object_or_404(program_books(self.event), pk=kwargs["pk"])
        finished = build.status in FINISHED_BUILD_STATES
        label = build.get_status_display()
        if build.status == BuildStatus.QUEUED:
            label = "Waiting for a worker…"
        elif build.status == BuildStatus.RUNNING:
            label = "Laying out the pages…"
        return JsonResponse(
            {
                "status": build.status, "status_label": build.get_status_display(),
                "done": build.done, "total": build.total, "percent": build.percent,
                "label": label, "finished": finished,
            }
        )  # fmt: skip


class ProgramBookFileView(ExportsView):
    """A finished program book's PDF (organizers only, like the page)."""

    def get(self, request, *args, **kwargs):
        build = get_object_or_404(
            program_books(self.event).filter(status=BuildStatus.DONE), pk=kwargs["pk"]
        )
        if not build.pdf:
            raise Http404("This build has no PDF.")
        return FileResponse(
            build.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{self.event.slug}-program-book-{build.pk}.pdf",
        )


urlpatterns = [
    path("<slug:event>/manage/program/exports/", ExportsView.as_view(), name="manage-exports"),
    path(
        "<slug:event>/manage/program/exports/sessions.csv",
        SessionsExportView.as_view(),
        name="export-sessions-csv",
    ),
    path(
        "<slug:event>/manage/program/exports/sessions.json",
        SessionsJsonView.as_view(),
        name="export-sessions-json",
    ),
    path(
        "<slug:event>/manage/program/exports/tutorial-stipends.csv",
        StipendExportView.as_view(),
        name="export-stipends-csv",
    ),
    path(
        "<slug:event>/manage/program/exports/program-book/",
        ProgramBookStartView.as_view(),
        name="export-program-book",
    ),
    path(
        "<slug:event>/manage/program/exports/program-book/<int:pk>/progress/",
        ProgramBookProgressView.as_view(),
        name="program-book-progress",
    ),
    path(
        "<slug:event>/manage/program/exports/program-book/<int:pk>.pdf",
        ProgramBookFileView.as_view(),
        name="program-book-pdf",
    ),
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
