"""The proceedings pages; each module lists its own paths."""

urlpatterns: list = []
