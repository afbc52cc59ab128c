"""The organizers' program pages: rooms, the schedule editor, blocks, poster boards and
publishing (``manage_*`` modules), all under ``/<event>/manage/``."""

from django.urls import path

from . import manage_blocks, manage_publish, manage_rooms, manage_schedule

urlpatterns = [
    path("<slug:event>/manage/rooms/", manage_rooms.RoomsView.as_view(), name="manage-rooms"),
    path(
        "<slug:event>/manage/rooms/<int:pk>/",
        manage_rooms.RoomEditView.as_view(),
        name="manage-room",
    ),
    path(
        "<slug:event>/manage/schedule/",
        manage_schedule.ScheduleEditorView.as_view(),
        name="manage-schedule",
    ),
    path(
        "<slug:event>/manage/schedule/move/",
        manage_schedule.MoveView.as_view(),
        name="manage-schedule-move",
    ),
    path(
        "<slug:event>/manage/schedule/warnings/",
        manage_schedule.WarningsView.as_view(),
        name="manage-schedule-warnings",
    ),
    path(
        "<slug:event>/manage/schedule/sessions/<int:pk>/",
        manage_schedule.SessionScheduleView.as_view(),
        name="manage-schedule-session",
    ),
    path(
        "<slug:event>/manage/schedule/blocks/new/",
        manage_blocks.BlockCreateView.as_view(),
        name="manage-block-add",
    ),
    path(
        "<slug:event>/manage/schedule/blocks/<int:pk>/",
        manage_blocks.BlockEditView.as_view(),
        name="manage-block",
    ),
    path(
        "<slug:event>/manage/schedule/blocks/<int:pk>/posters/",
        manage_blocks.PosterSessionView.as_view(),
        name="manage-poster-session",
    ),
    path(
        "<slug:event>/manage/schedule/publish/",
        manage_publish.PublishView.as_view(),
        name="manage-schedule-publish",
    ),
    path(
        "<slug:event>/manage/schedule/versions/<int:pk>/notify/",
        manage_publish.NotifyVersionView.as_view(),
        name="manage-schedule-notify",
    ),
]
