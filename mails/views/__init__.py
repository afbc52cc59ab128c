"""The organizers' reminder pages; each module lists its own paths."""

urlpatterns: list = []
