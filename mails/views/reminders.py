"""The organizers' reminders page: each deadline kind's rule, its next run and what it sent;
editing a rule with a preview of the email and how many people would get it now."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from tracks.views import OrganizerMixin

from ..forms import ReminderRuleForm
from ..reminders.overview import preview_rule, rule_summaries
from ..reminders.rules import REMINDED_KINDS, WHO, event_rules, format_offsets


class RemindersView(OrganizerMixin, TemplateView):
    template_name = "mails/reminders.html"
    manage_tab = "reminders"

    def get_context_data(self, **kwargs):
        rules = event_rules(self.event).values()
        summaries = [
            {"summary": summary, "who": WHO[summary.rule.kind],
             "offsets": format_offsets(summary.rule.offsets)}
            for summary in rule_summaries(self.event, rules)
        ]  # fmt: skip
        return super().get_context_data(summaries=summaries, **kwargs)


class ReminderEditView(OrganizerMixin, FormView):
    """GET: the form and a preview of the saved rule. POST with "preview": the form's rule
    previewed, nothing saved. POST: saved, back to the list."""

    template_name = "mails/reminder_edit.html"
    manage_tab = "reminders"
    form_class = ReminderRuleForm

    @cached_property
    def rule(self):
        if self.kwargs["kind"] not in REMINDED_KINDS:
            raise Http404("No such reminder.")
        return event_rules(self.event)[self.kwargs["kind"]]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rule": self.rule}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("preview", None)
        if kwargs["preview"] is None and self.request.method == "GET":
            kwargs["preview"] = preview_rule(self.event, self.rule, viewer=self.request.user)
        return super().get_context_data(rule=self.rule, who=WHO[self.rule.kind], **kwargs)

    def form_valid(self, form):
        if "preview" in self.request.POST:
            preview = preview_rule(
                self.event, form.candidate(), viewer=self.request.user, now=timezone.now()
            )
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        form.save()
        messages.success(
            self.request, f"Reminders for “{self.rule.get_kind_display().lower()}” saved."
        )
        return redirect("mails:reminders", event=self.event.slug)


urlpatterns = [
    path("<slug:event>/manage/reminders/", RemindersView.as_view(), name="reminders"),
    path(
        "<slug:event>/manage/reminders/<slug:kind>/",
        ReminderEditView.as_view(),
        name="reminder-edit",
    ),
]
