"""Organizers set how their event reviews: the review mode and options, the review deadlines
(shown, set on the dates page), and the review forms with their criteria."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView

from tracks.enums import DeadlineKind

from ..access import review_settings
from ..enums import ReviewMode
from ..forms.review_setup import ReviewCriterionForm, ReviewFormForm, ReviewSettingsForm
from ..models import ReviewCriterion, ReviewForm
from ..selectors import DEFAULT_CONFIDENCE_LABELS, DEFAULT_OVERALL_LABELS
from ..services.review_setup import delete_criterion, delete_review_form, move_criterion
from .mixins import OrganizerCommitteeMixin

MODE_EXPLANATIONS = {
    ReviewMode.OPEN: "Reviewers see who wrote each proposal, and authors see who reviewed it.",
    ReviewMode.SINGLE_BLIND: "Reviewers see who wrote each proposal; authors never learn who "
    "reviewed it.",
    ReviewMode.DOUBLE_BLIND: "Reviewers never see authors' names, emails, affiliations or the "
    "paper's PDF metadata, on any page, export or email; authors never learn who reviewed. "
    "Chairs see everything.",
}


def review_forms_of(event):
    return (
        ReviewForm.objects.filter(event=event)
        .select_related("track", "session_type")
        .annotate(criteria_count=Count("criteria", distinct=True))
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by("track__position", "track__name", "session_type__name", "pk")
    )


class ReviewSetupMixin(OrganizerCommitteeMixin):
    manage_tab = "reviewing"


class ReviewSettingsView(ReviewSetupMixin, FormView):
    template_name = "reviews/setup/settings.html"
    form_class = ReviewSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": review_settings(self.event)}

    def get_context_data(self, **kwargs):
        deadlines = (
            self.event.deadlines.filter(
                kind__in=[DeadlineKind.REVIEWS_DUE, DeadlineKind.RESPONSE_DUE]
            )
            .select_related("track", "session_type", "event")
            .prefetch_related("changes")
        )
        context = super().get_context_data(
            deadlines=deadlines,
            review_forms=review_forms_of(self.event),
            now=timezone.now(),
            **kwargs,
        )
        context["mode_choices"] = [
            (choice, MODE_EXPLANATIONS[choice.data["value"]]) for choice in context["form"]["mode"]
        ]
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Review settings saved.")
        return redirect("reviews:review-settings", event=self.event.slug)


class ReviewFormsView(ReviewSetupMixin, FormView):
    """The event's review forms, and a new one."""

    template_name = "reviews/setup/forms.html"
    form_class = ReviewFormForm

    def get_initial(self):
        return {
            "name": "Review",
            "overall_labels": DEFAULT_OVERALL_LABELS,
            "confidence_labels": DEFAULT_CONFIDENCE_LABELS,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        return super().get_context_data(review_forms=review_forms_of(self.event), **kwargs)

    def form_valid(self, form):
        review_form = form.save()
        if review_form is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{review_form.name}” created: add its questions.")
        return redirect("reviews:review-form", event=self.event.slug, pk=review_form.pk)


class ReviewFormMixin(ReviewSetupMixin):
    @cached_property
    def review_form(self) -> ReviewForm:
        return get_object_or_404(
            ReviewForm.objects.select_related("event", "track", "session_type"),
            pk=self.kwargs["pk"],
            event=self.event,
        )

    def back(self):
        return redirect("reviews:review-form", event=self.event.slug, pk=self.review_form.pk)


class ReviewFormEditView(ReviewFormMixin, FormView):
    """A review form's name, scope and scales, its questions, and a new question."""

    template_name = "reviews/setup/form_edit.html"
    form_class = ReviewFormForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "instance": self.review_form}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("criterion_form", ReviewCriterionForm(review_form=self.review_form))
        return super().get_context_data(
            review_form=self.review_form,
            criteria=list(self.review_form.criteria.all()),
            review_count=self.review_form.reviews.count(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") != "add-criterion":
            return super().post(request, *args, **kwargs)
        criterion_form = ReviewCriterionForm(request.POST, review_form=self.review_form)
        if criterion_form.is_valid() and criterion_form.save():
            messages.success(request, f"Question “{criterion_form.instance.name}” added.")
            return self.back()
        return self.render_to_response(self.get_context_data(criterion_form=criterion_form))

    def form_valid(self, form):
        if form.save() is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{self.review_form.name}” saved.")
        return self.back()


class ReviewFormDeleteView(ReviewFormMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            delete_review_form(form=self.review_form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back()
        messages.success(request, f"“{self.review_form.name}” removed.")
        return redirect("reviews:review-forms", event=self.event.slug)


class CriterionMixin(ReviewFormMixin):
    @cached_property
    def criterion(self) -> ReviewCriterion:
        return get_object_or_404(
            ReviewCriterion, pk=self.kwargs["criterion"], form=self.review_form
        )


class CriterionEditView(CriterionMixin, FormView):
    template_name = "reviews/setup/criterion_edit.html"
    form_class = ReviewCriterionForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "review_form": self.review_form,
            "instance": self.criterion,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            review_form=self.review_form, criterion=self.criterion, **kwargs
        )

    def form_valid(self, form):
        if form.save() is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Question “{self.criterion.name}” saved.")
        return self.back()


class CriterionActionView(CriterionMixin, View):
    """Move a question up or down, or remove it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action in ("up", "down"):
            move_criterion(criterion=self.criterion, up=action == "up")
        elif action == "remove":
            try:
                delete_criterion(criterion=self.criterion)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Question “{self.criterion.name}” removed.")
        return self.back()


FORMS = "<slug:event>/manage/reviewing/forms/"
urlpatterns = [
    path("<slug:event>/manage/reviewing/", ReviewSettingsView.as_view(), name="review-settings"),
    path(FORMS, ReviewFormsView.as_view(), name="review-forms"),
    path(f"{FORMS}<int:pk>/", ReviewFormEditView.as_view(), name="review-form"),
    path(f"{FORMS}<int:pk>/delete/", ReviewFormDeleteView.as_view(), name="review-form-delete"),
    path(
        f"{FORMS}<int:pk>/criteria/<int:criterion>/",
        CriterionEditView.as_view(),
        name="review-criterion",
    ),
    path(
        f"{FORMS}<int:pk>/criteria/<int:criterion>/action/",
        CriterionActionView.as_view(),
        name="review-criterion-action",
    ),
]
