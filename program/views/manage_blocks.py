"""Blocks the organizers add themselves (keynotes, breaks, poster sessions, other), and the
boards of a poster session."""

from contextlib import suppress
from datetime import date, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from ..enums import BLOCK_KINDS, SlotKind
from ..forms import AddPosterForm, BlockForm, BoardForm
from ..models import Slot
from ..selectors import board_key, unscheduled_submissions
from ..services import StaleSlot, place_poster, save_block, unschedule
from .manage_base import ProgramOrganizerMixin, SchedulerMixin, day_of, editor_url
from .manage_schedule import (
    add_service_errors,
    describe_place,
    int_or_none,
    next_free_board,
    stale_message,
)


class BlockFormMixin(ProgramOrganizerMixin):
    template_name = "program/manage/block_form.html"
    form_class = BlockForm
    slot = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "slot": self.slot}

    def form_valid(self, form):
        data = form.cleaned_data
        if data["end_at"] is None:
            form.add_error("end", "Give the end time.")
            return self.form_invalid(form)
        try:
            slot = save_block(
                event=self.event,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                room=data["room"],
                start=data["start_at"],
                end=data["end_at"],
                slot=self.slot,
                revision=data["revision"] if self.slot else None,
            )
        except StaleSlot as error:
            messages.error(self.request, stale_message(error, self.event))
            return redirect(self.request.path)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"“{slot.display_title}” is in {describe_place(slot, self.event)}."
        )
        return redirect(editor_url(self.event, day_of(slot, self.event), slot_id=slot.pk))


class BlockCreateView(BlockFormMixin, FormView):
    def get_initial(self):
        initial = {"kind": self.request.GET.get("kind", SlotKind.BREAK)}
        with suppress(ValueError):
            initial["day"] = date.fromisoformat(self.request.GET.get("day", "")).isoformat()
        with suppress(ValueError):
            initial["start"] = time.fromisoformat(self.request.GET.get("start", ""))
        return initial


class BlockEditView(BlockFormMixin, FormView):
    @cached_property
    def slot(self) -> Slot:
        return get_object_or_404(
            Slot.objects.select_related("room"),
            pk=self.kwargs["pk"],
            event=self.event,
            version__isnull=True,
            kind__in=BLOCK_KINDS,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            posters=self.slot.posters.count() if self.slot.kind == SlotKind.POSTER_SESSION else 0,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "delete" not in request.POST:
            return super().post(request, *args, **kwargs)
        title, day = self.slot.display_title, day_of(self.slot, self.event)
        try:
            unschedule(slot=self.slot, revision=int_or_none(request.POST.get("revision")) or 0)
        except StaleSlot as error:
            messages.error(request, stale_message(error, self.event))
            return redirect(request.path)
        messages.success(request, f"“{title}” is deleted.")
        return redirect(editor_url(self.event, day))


class PosterSessionView(SchedulerMixin, TemplateView):
    """A poster session's posters by board: add one, change a board, take one off."""

    template_name = "program/manage/poster_session.html"

    @cached_property
    def poster_session(self) -> Slot:
        return get_object_or_404(
            Slot.objects.select_related("room"),
            pk=self.kwargs["pk"],
            event=self.event,
            version__isnull=True,
            kind=SlotKind.POSTER_SESSION,
        )

    def posters(self) -> list[Slot]:
        posters = list(
            self.poster_session.posters.select_related(
                "submission__track", "submission__session_type"
            ).prefetch_related("submission__speakers__user")
        )
        for poster in posters:
            poster.editable = self.scope is None or poster.submission.track_id in self.scope
        return sorted(posters, key=board_key)

    def add_form(self, data=None) -> AddPosterForm:
        sessions = unscheduled_submissions(self.event, track_ids=self.scope)
        return AddPosterForm(data, sessions=sessions)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("add_form", self.add_form())
        context = super().get_context_data(**kwargs)
        context.update(
            poster_session=self.poster_session,
            place=describe_place(self.poster_session, self.event),
            posters=self.posters(),
            next_board=next_free_board(self.poster_session),
            back_url=editor_url(
                self.event, day_of(self.poster_session, self.event), slot_id=self.poster_session.pk
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "add":
                form = self.add_form(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(add_form=form))
                return self._add(form)
            poster = self._poster(request.POST.get("poster"))
            revision = int_or_none(request.POST.get("revision")) or 0  # none: stale
            if action == "remove":
                unschedule(slot=poster, revision=revision)
                messages.success(request, f"“{poster.display_title}” is off the schedule.")
            elif action == "board":
                form = BoardForm(request.POST)
                if form.is_valid():
                    self._board(poster, form.cleaned_data["board"], revision)
                else:
                    messages.error(request, " ".join(e for es in form.errors.values() for e in es))
        except StaleSlot as error:
            messages.error(request, stale_message(error, self.event))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)

    def _poster(self, value) -> Slot:
        poster = get_object_or_404(
            Slot.objects.select_related("submission"),
            pk=int_or_none(value) or 0,
            parent=self.poster_session,
        )
        if not self.may_schedule(poster.submission):
            raise Http404("Not a poster you schedule.")
        return poster

    def _add(self, form):
        submission = form.cleaned_data["submission"]
        board = form.cleaned_data["board"].strip() or next_free_board(self.poster_session)
        try:
            place_poster(
                submission=submission, poster_session=self.poster_session, board=board, revision=0
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(add_form=form))
        messages.success(self.request, f"“{submission.title}” is on board {board}.")
        return redirect(self.request.path)

    def _board(self, poster: Slot, board: str, revision: int | None) -> None:
        board = board.strip() or next_free_board(self.poster_session)
        place_poster(
            submission=poster.submission,
            poster_session=self.poster_session,
            board=board,
            revision=revision,
        )
        messages.success(self.request, f"“{poster.display_title}” is on board {board}.")
