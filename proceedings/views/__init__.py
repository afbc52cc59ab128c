"""The proceedings pages; each module lists its own paths."""

urlpatterns: list = []
from .builds import urlpatterns as _builds  # noqa: E402
from .papers import urlpatterns as _papers  # noqa: E402
from .settings import urlpatterns as _settings  # noqa: E402

urlpatterns += _builds
urlpatterns += _papers + _settings
