from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "conf_portal administration"
admin.site.site_title = "conf_portal admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("preview/markdown/", views.markdown_preview, name="markdown_preview"),
    path("", include("reviews.urls")),
    path("", include("submissions.urls")),
    path("", include("tracks.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
