from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("my/proposals/", views.MyProposalsView.as_view(), name="dashboard"),
    path("<slug:event>/submit/", views.StartSubmissionView.as_view(), name="start"),
    path(
        "<slug:event>/manage/proposals/",
        views.EventSubmissionsView.as_view(),
        name="manage-list",
    ),
    path("<slug:event>/proposals/<int:pk>/", views.SubmissionDetailView.as_view(), name="detail"),
    path("<slug:event>/proposals/<int:pk>/edit/", views.SubmissionEditView.as_view(), name="edit"),
    path("invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path(
        "<slug:event>/proposals/<int:pk>/invite/",
        views.InviteSpeakerView.as_view(),
        name="invite",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/paper.pdf",
        views.PaperDownloadView.as_view(),
        name="paper",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/action/",
        views.SubmissionActionView.as_view(),
        name="action",
    ),
]
