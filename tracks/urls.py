from django.urls import path

from . import views

app_name = "tracks"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<slug:event>/", views.EventDetailView.as_view(), name="event"),
    path("<slug:event>/committee/", views.CommitteeView.as_view(), name="committee"),
    path("<slug:event>/manage/", views.EventSettingsView.as_view(), name="manage-settings"),
    path("<slug:event>/manage/dates/", views.DeadlinesView.as_view(), name="manage-deadlines"),
    path(
        "<slug:event>/manage/dates/<int:pk>/",
        views.DeadlineEditView.as_view(),
        name="manage-deadline",
    ),
]
