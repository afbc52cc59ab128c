from django.urls import path

from . import views

app_name = "tracks"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<slug:event>/", views.EventDetailView.as_view(), name="event"),
    path("<slug:event>/committee/", views.CommitteeView.as_view(), name="committee"),
]
