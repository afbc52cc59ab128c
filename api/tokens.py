"""Creating, finding and revoking API tokens. The secret is never stored: only its digest."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tracks.enums import CommitteeRole
from tracks.models import Event

from .models import ApiToken

SECRET_PREFIX = "cpt_"
PREFIX_LENGTH = 12
# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
TOKEN_ROLES = (CommitteeRole.ORGANIZER, CommitteeRole.TRACK_CHAIR)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokenable_events(user):
    """The events a token may be scoped to: those where the user organizes or chairs a track."""
    return (
        Event.objects.filter(memberships__user=user, memberships__role__in=TOKEN_ROLES)
        .distinct()
        .order_by("-start_date", "name")
    )


def create_token(*, user, name: str, events) -> tuple[ApiToken, str]:
    """A new token for ``events`` (each one where ``user`` organizes or chairs); returns it
    with its secret, which nobody can read again afterwards."""
    events = list(events)
    allowed = set(tokenable_events(user).values_list("pk", flat=True))
    if not events or any(event.pk not in allowed for event in events):
        raise ValueError("A token is scoped to events the user organizes or chairs.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:PREFIX_LENGTH], digest=digest(secret)
        )
        token.events.set(events)
    return token, secret


def revoke_token(*, token: ApiToken) -> bool:
    """Revoke the token for good; False if it already was."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def active_token(secret: str) -> ApiToken | None:
    """The unrevoked token with this secret, with its user, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(secret), revoked_at__isnull=True)
        .first()
    )


def mark_used(token: ApiToken) -> None:
    """Record the use, at most once a minute (a conditional update, no read)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    token.last_used_at = now


def scoped_event_ids(token: ApiToken) -> set[int]:
    """The ids of the token's events, asked once per request."""
    cached = token.__dict__.get("_event_ids")
    if cached is None:
        cached = set(token.events.values_list("pk", flat=True))
        token.__dict__["_event_ids"] = cached
    return cached
