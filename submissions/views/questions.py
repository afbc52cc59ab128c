"""The organizers' pages for their event's custom questions on the proposal form."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import FormView, UpdateView, View

from tracks.views import OrganizerMixin

from ..forms.questions import QuestionDeleteForm, QuestionForm
from ..models import Question
from ..services.questions import (
    AnswersWouldBeLost,
    answer_count,
    answers_phrase,
    delete_question,
    given,
    move_question,
)


def question_scope(question: Question) -> str:
    """“All tracks · Tutorial”: whom the question is asked, from the prefetched tracks and types."""
    tracks = ", ".join(track.name for track in question.tracks.all()) or "All tracks"
    types = ", ".join(kind.name for kind in question.session_types.all()) or "All session types"
    return f"{tracks} · {types}"


class QuestionSaveMixin:
    """Save through the form's service; a rule broken meanwhile shows next to its field."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def form_valid(self, form):
        try:
            question = form.save()
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{question.text}” is {self.saved_verb}.")
        return redirect("submissions:manage-questions", event=self.event.slug)


class EventQuestionMixin(OrganizerMixin):
    """The question named in the URL, looked up among the URL's event's questions only."""

    manage_tab = "questions"

    @cached_property
    def question(self) -> Question:
        return get_object_or_404(Question, pk=self.kwargs["pk"], event=self.event)


class QuestionsView(QuestionSaveMixin, OrganizerMixin, FormView):
    """The event's questions in the order authors see them, with a form to add one."""

    template_name = "submissions/manage/questions.html"
    form_class = QuestionForm
    manage_tab = "questions"
    saved_verb = "added"

    def get_context_data(self, **kwargs):
        questions = list(
            self.event.questions.annotate(answer_count=Count("answers", filter=given("answers__")))
            .order_by("position", "pk")  # a GROUP BY query drops Meta.ordering
            .prefetch_related("tracks", "session_types")
        )
        for question in questions:
            question.scope = question_scope(question)
        return super().get_context_data(questions=questions, **kwargs)


class QuestionEditView(QuestionSaveMixin, EventQuestionMixin, UpdateView):
    template_name = "submissions/manage/question_edit.html"
    form_class = QuestionForm
    context_object_name = "question"
    saved_verb = "saved"

    def get_object(self, queryset=None):
        return self.question

    def get_form_kwargs(self):
        # The form edits a copy: the page heading keeps the saved text while errors show.
        return {**super().get_form_kwargs(), "instance": copy(self.object)}


class QuestionDeleteView(EventQuestionMixin, FormView):
    """Confirm, knowing how many answers go with the question, then delete it."""

    template_name = "submissions/manage/question_delete.html"
    form_class = QuestionDeleteForm

    @cached_property
    def answer_count(self) -> int:
        return answer_count(self.question)

    def get_initial(self):
        return {"confirmed_answers": self.answer_count}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question=self.question,
            answer_count=self.answer_count,
            answers_lost=answers_phrase(self.answer_count),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            delete_question(
                question=self.question, confirmed_answers=form.cleaned_data["confirmed_answers"]
            )
        except AnswersWouldBeLost as error:
            messages.warning(self.request, error.message)
            return redirect("submissions:manage-question-delete", self.event.slug, self.question.pk)
        messages.success(self.request, f"“{self.question.text}” is deleted.")
        return redirect("submissions:manage-questions", event=self.event.slug)

    def form_invalid(self, form):
        return redirect("submissions:manage-question-delete", self.event.slug, self.question.pk)


class QuestionMoveView(EventQuestionMixin, View):
    """One step up or down in the proposal form (a POST from the list's arrow buttons)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction")
        if direction in ("up", "down") and move_question(
            question=self.question, direction=direction
        ):
            messages.success(request, f"“{self.question.text}” moved {direction}.")
        return redirect("submissions:manage-questions", event=self.event.slug)


urlpatterns = [
    path(
        "<slug:event>/manage/questions/",
        QuestionsView.as_view(),
        name="manage-questions",
    ),
    path(
        "<slug:event>/manage/questions/<int:pk>/",
        QuestionEditView.as_view(),
        name="manage-question-edit",
    ),
    path(
        "<slug:event>/manage/questions/<int:pk>/delete/",
        QuestionDeleteView.as_view(),
        name="manage-question-delete",
    ),
    path(
        "<slug:event>/manage/questions/<int:pk>/move/",
        QuestionMoveView.as_view(),
        name="manage-question-move",
    ),
]
