"""The event's rooms: listed in grid order with what is scheduled in them, added, edited and
deleted (refused, with the list, while anything is scheduled in one)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView

from ..forms import RoomForm
from ..models import Room
from ..services import RoomInUse, delete_room
from .manage_base import ProgramOrganizerMixin


class RoomsView(ProgramOrganizerMixin, FormView):
    template_name = "program/manage/rooms.html"
    form_class = RoomForm
    manage_tab = "rooms"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        rooms = (
            Room.objects.filter(event=self.event)
            .annotate(draft_count=Count("slots", filter=Q(slots__version__isnull=True)))
            .order_by("position", "name", "pk")  # Meta.ordering does not apply with GROUP BY
        )
        return super().get_context_data(rooms=rooms, **kwargs)

    def form_valid(self, form):
        room = form.save()
        messages.success(self.request, f"{room.name} is added.")
        return redirect("program:manage-rooms", event=self.event.slug)


class RoomEditView(ProgramOrganizerMixin, FormView):
    template_name = "program/manage/room_edit.html"
    form_class = RoomForm
    manage_tab = "rooms"

    @cached_property
    def room(self) -> Room:
        return get_object_or_404(Room, pk=self.kwargs["pk"], event=self.event)

    def get_form_kwargs(self):
        copy = Room.objects.get(pk=self.room.pk)  # the page keeps the saved name on errors
        return {**super().get_form_kwargs(), "event": self.event, "instance": copy}

    def get_context_data(self, **kwargs):
        return super().get_context_data(room=self.room, **kwargs)

    def form_valid(self, form):
        room = form.save()
        messages.success(self.request, f"{room.name} is saved.")
        return redirect("program:manage-rooms", event=self.event.slug)

    def post(self, request, *args, **kwargs):
        if "delete" not in request.POST:
            return super().post(request, *args, **kwargs)
        name = self.room.name
        try:
            delete_room(room=self.room)
        except RoomInUse as error:
            return self.render_to_response(
                self.get_context_data(in_use=error.slots, in_use_message=error.messages[0])
            )
        messages.success(request, f"{name} is deleted.")
        return redirect("program:manage-rooms", event=self.event.slug)
