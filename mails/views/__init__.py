"""The organizers' reminder pages; each module lists its own paths."""

from .reminders import urlpatterns as _reminders

urlpatterns: list = [*_reminders]
