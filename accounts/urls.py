from django.urls import path

from api import views_tokens

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("tokens/", views_tokens.TokensView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.RevokeTokenView.as_view(), name="token-revoke"),
]
