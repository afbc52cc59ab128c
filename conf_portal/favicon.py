"""``/favicon.ico``: browsers ask for it on every page whatever the <link rel=icon> says."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@cache
def _icon() -> bytes | None:
    path = finders.find("favicon.ico")
    if path is None:
        return None
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    icon = _icon()
    if icon is None:
        raise Http404("No favicon.")
    return HttpResponse(icon, content_type="image/vnd.microsoft.icon")
