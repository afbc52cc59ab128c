"""The organizers' pages about an event's proposals."""

from django.utils.functional import cached_property
from django.views.generic import ListView

from conf_portal.spreadsheets import csv_download
from tracks.views import OrganizerMixin

from .. import selectors
from ..exporters import submissions_csv
from ..forms import SubmissionFilterForm


class EventSubmissionsView(OrganizerMixin, ListView):
    """All proposals of the event for its organizers, filterable, and as CSV."""

    template_name = "submissions/manage_list.html"
    context_object_name = "submissions"
    manage_tab = "proposals"
    paginate_by = 50

    @cached_property
    def filter_form(self) -> SubmissionFilterForm:
        return SubmissionFilterForm(self.request.GET or None, event=self.event)

    def get_queryset(self):
        return selectors.event_submissions(self.event, **self.filter_form.filters())

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return csv_download(
                submissions_csv(self.get_queryset(), self.event.questions.all()),
                f"{self.event.slug}-proposals.csv",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            filter_query=query.urlencode(),
            total=self.event.submissions.count(),
            **kwargs,
        )
