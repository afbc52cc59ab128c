"""The proceedings pages; each module lists its own paths."""

urlpatterns: list = []
from .builds import urlpatterns as _builds  # noqa: E402

urlpatterns += _builds
