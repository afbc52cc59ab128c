"""API tokens: a person's key to the organizer endpoints of some events, stored hashed."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A secret shown once at creation; only its SHA-256 digest and first characters are kept.

    It acts for its user in the events it is scoped to, with the rights the user has there at
    the time of each request (an organizer who leaves the committee loses them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. “Schedule sync”.")
    prefix = models.CharField(max_length=12, help_text="The secret's first characters.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the secret.")
    events = models.ManyToManyField("tracks.Event", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
