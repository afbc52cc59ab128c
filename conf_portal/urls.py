from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import admin_login

from . import views
from .favicon import favicon

admin.site.site_header = "conf_portal administration"
admin.site.site_title = "conf_portal admin"

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # Before the admin's own: staff sign in on the site's page, with its rate limits.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("preview/markdown/", views.markdown_preview, name="markdown_preview"),
    path("api/", include("api.urls")),
    path("", include("program.urls")),
    path("", include("proceedings.urls")),
    path("", include("mails.urls")),
    path("", include("reviews.urls")),
    path("", include("submissions.urls")),
    path("", include("tracks.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
