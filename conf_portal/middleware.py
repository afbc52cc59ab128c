"""Request-wide settings the views of one event change, reset around every request."""

from django.utils import timezone


def event_time_zone(get_response):
    """Each request starts in UTC; an event's pages switch to the event's time zone (see
    tracks.views.EventScopedMixin), and the switch ends with the request, rendering included."""

    def middleware(request):
        timezone.deactivate()
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware
