"""Publishing the draft as a named version, the versions with their changelogs, and emailing the
speakers of a version afterwards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView

from ..clashes import schedule_warnings
from ..forms import PublishForm, local_moment
from ..models import ScheduleVersion
from ..selectors import draft_slots, latest_version
from ..services import notify_schedule_changes, publish_schedule, publishable_slots
from .manage_base import ProgramOrganizerMixin
from .manage_schedule import EditorContextMixin, add_service_errors

CHANGE_KINDS = (("added", "Added"), ("moved", "Moved"), ("cancelled", "Cancelled"))


def changelog(version: ScheduleVersion, zone) -> list[dict]:
    """The version's changes with local times, by kind (kinds without changes left out)."""
    result = []
    for key, label in CHANGE_KINDS:
        entries = []
        for entry in (version.changes or {}).get(key, []):
            moved_from = entry.get("from") or {}
            entries.append(
                {
                    **entry,
                    "start_at": local_moment(entry.get("start"), zone),
                    "end_at": local_moment(entry.get("end"), zone),
                    "from_start": local_moment(moved_from.get("start"), zone),
                    "from_end": local_moment(moved_from.get("end"), zone),
                    "from_room": moved_from.get("room", ""),
                    "from_board": moved_from.get("board", ""),
                }
            )
        if entries:
            result.append({"key": key, "label": label, "entries": entries})
    return result


class PublishView(ProgramOrganizerMixin, EditorContextMixin, FormView):
    template_name = "program/manage/publish.html"
    form_class = PublishForm
    manage_tab = "schedule"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "warnings": len(self.warnings)}

    @cached_property
    def draft(self) -> tuple[list, list]:
        """The draft's slots and their warnings."""
        slots = list(draft_slots(self.event))
        return slots, schedule_warnings(slots, self.event)

    @property
    def warnings(self) -> list:
        return self.draft[1]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(
            ScheduleVersion.objects.filter(event=self.event).select_related("published_by")
        )
        latest = versions[0] if versions else None
        for version in versions:
            version.changelog = changelog(version, self.event.zone)
            version.counts = {key: len((version.changes or {}).get(key, [])) for key, _ in
                              CHANGE_KINDS}  # fmt: skip
        context.update(
            warning_rows=self._warning_rows(self.warnings, self.draft[0], ""),
            versions=versions,
            latest_version=latest,
            publishable=len(publishable_slots(self.event, self.draft[0])),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            version = publish_schedule(
                event=self.event,
                name=data["name"],
                comment=data["comment"],
                notify_speakers=data["notify_speakers"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        emailed = (
            " Speakers whose session was added or moved are emailed."
            if data["notify_speakers"]
            else ""
        )
        messages.success(self.request, f"The program {version.name} is published.{emailed}")
        return redirect("program:manage-schedule-publish", event=self.event.slug)


class NotifyVersionView(ProgramOrganizerMixin, View):
    """POST only: email the speakers of the latest version's added and moved sessions, once."""

    def post(self, request, *args, **kwargs):
        version = get_object_or_404(ScheduleVersion, pk=kwargs["pk"], event=self.event)
        if version != latest_version(self.event):
            messages.error(
                request,
                f"{version.name} is no longer the published program: its times are out of date.",
            )
        elif version.speakers_notified:
            messages.info(request, f"The speakers of {version.name} were already emailed.")
        else:
            queued = notify_schedule_changes(version=version)
            messages.success(
                request,
                f"{queued} speaker{'s' if queued != 1 else ''} of {version.name} emailed."
                if queued
                else f"No session was added or moved in {version.name}: nobody to email.",
            )
        return redirect("program:manage-schedule-publish", event=self.event.slug)
