"""What a reminder says: each rule's subject and body with its placeholders filled, and one
email per person that lists every item due, across kinds."""

from datetime import datetime, timedelta

from django.conf import settings

from conf_portal.links import site_url
from reviews.services.notifications import fill
from tracks.enums import AOE
from tracks.timezones import zone

SECTION_BREAK = "\n\n― ― ―\n\n"


def format_deadline(due: datetime, zone_name: str) -> str:
    """e.g. “Fri 11 Dec 2026, 23:59 AoE” or “Fri 11 Dec 2026, 17:00 CST”."""
    local = due.astimezone(zone(zone_name))
    label = "AoE" if zone_name == AOE else local.tzname()
    return f"{local:%a %d %b %Y, %H:%M} {label}"


def format_time_left(left: timedelta) -> str:
    """“2 days 3 hours”, “5 hours 10 minutes”, “12 minutes” (at most two units)."""
    minutes = max(int(left.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    shown = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n][:2]
    return " ".join(shown) or "less than a minute"


def values_for(*, event, name: str, items, now: datetime) -> dict[str, str]:
    """The placeholders' values for one person's items of one kind (all due at one instant or
    the earliest of them is named)."""
    first = min(items, key=lambda item: item.due)
    links = sorted({item.link for item in items})
    link = links[0] if len(links) == 1 else _fallback_link(items[0].kind, event)
    if len({item.due for item in items}) > 1:  # each line says its own deadline
        lines = sorted({f"- {item.title} (due {format_deadline(item.due, item.zone_name)})"
                        for item in items})  # fmt: skip
    else:
        lines = sorted({f"- {item.title}" for item in items})
    return {
        "name": name or "there",
        "event": event.name,
        "items": "\n".join(lines),
        "deadline": format_deadline(first.due, first.zone_name),
        "time_left": format_time_left(first.due - now),
        "link": site_url(link),
    }


def _fallback_link(kind, event) -> str:
    from django.urls import reverse

    from tracks.enums import DeadlineKind

    if kind == DeadlineKind.REVIEWS_DUE:
        return reverse("reviews:home", kwargs={"event": event.slug})
    return reverse("submissions:dashboard")


def render_rule(rule, values: dict[str, str]) -> tuple[str, str]:
    return fill(rule.subject, values), fill(rule.body, values).strip()


def compose(*, event, name: str, sections, now: datetime) -> tuple[str, str]:
    """One email for one person: ``sections`` is a list of (rule, items) in the rules' order.
    A single kind reads as its rule says; several are joined under one subject."""
    rendered = [render_rule(rule, values_for(event=event, name=name, items=items, now=now))
                for rule, items in sections]  # fmt: skip
    if len(rendered) == 1:
        subject, body = rendered[0]
    else:
        subject = f"Reminder: {len(rendered)} deadlines coming up for {event.name}"
        body = SECTION_BREAK.join(body for _, body in rendered)
    footer = f"\n\n--\n{settings.SITE_NAME} · {event.name}\n"
    return subject, body + footer
