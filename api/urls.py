"""/api/v1/… (public and token endpoints), the OpenAPI schema and its browsable docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .views import committee, docs, public

app_name = "api"

event_urls = [
    path("", public.EventDetailView.as_view(), name="event"),
    path("tracks/", public.TrackListView.as_view(), name="tracks"),
    path("session-types/", public.SessionTypeListView.as_view(), name="session-types"),
    path("rooms/", public.RoomListView.as_view(), name="rooms"),
    path("sessions/", public.SessionListView.as_view(), name="sessions"),
    path("sessions/<int:id>/", public.SessionDetailView.as_view(), name="session"),
    path("speakers/", public.SpeakerListView.as_view(), name="speakers"),
    path("speakers/<int:id>/", public.SpeakerDetailView.as_view(), name="speaker"),
    path("schedule/", public.ScheduleView.as_view(), name="schedule"),
    path("schedule/versions/", public.VersionListView.as_view(), name="versions"),
    path("schedule/draft/", committee.DraftScheduleView.as_view(), name="draft-schedule"),
    path("proposals/", committee.ProposalListView.as_view(), name="proposals"),
    path("proposals/<int:id>/", committee.ProposalDetailView.as_view(), name="proposal"),
    path(
        "proposals/<int:id>/reviews/",
        committee.ReviewSummaryDetailView.as_view(),
        name="proposal-reviews",
    ),
    path("proposals/<int:id>/decision/", committee.DecisionView.as_view(), name="decision"),
    path("review-summaries/", committee.ReviewSummaryListView.as_view(), name="review-summaries"),
]

urlpatterns = [
    path("v1/events/", public.EventListView.as_view(), name="events"),
    path("v1/events/<slug:slug>/", include(event_urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(), name="docs"),
    # Anything else under /api/ (an id that is no number, a misspelt path) answers JSON too.
    re_path(r"^.*/$", docs.not_found, name="not-found"),
]
