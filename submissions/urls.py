from django.urls import path

from .views import (
    author,
    deliverables,
    extensions,
    files,
    manage,
    people,
    questions,
    sharing,
    start,
)

app_name = "submissions"

urlpatterns = [
    path("my/proposals/", author.MyProposalsView.as_view(), name="dashboard"),
    path("<slug:event>/submit/", start.StartSubmissionView.as_view(), name="start"),
    path(
        "<slug:event>/manage/proposals/",
        manage.EventSubmissionsView.as_view(),
        name="manage-list",
    ),
    path("<slug:event>/proposals/<int:pk>/", author.SubmissionDetailView.as_view(), name="detail"),
    path("<slug:event>/proposals/<int:pk>/edit/", author.SubmissionEditView.as_view(), name="edit"),
    path(
        "<slug:event>/proposals/<int:pk>/autosave/",
        author.AutosaveView.as_view(),
        name="autosave",
    ),
    path("invitations/<str:token>/", author.InvitationView.as_view(), name="invitation"),
    path(
        "<slug:event>/proposals/<int:pk>/invite/",
        author.InviteSpeakerView.as_view(),
        name="invite",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/action/",
        author.SubmissionActionView.as_view(),
        name="action",
    ),
]
urlpatterns += (
    people.urlpatterns
    + files.urlpatterns
    + extensions.urlpatterns
    + deliverables.urlpatterns
    + sharing.urlpatterns
    + questions.urlpatterns
)
