"""Time zones of events and deadlines, including Anywhere on Earth (UTC-12)."""

import zoneinfo
from datetime import date, datetime, time
from functools import lru_cache

from .enums import AOE, AOE_ZONE


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(AOE_ZONE if name == AOE else name)


def zone_label(name: str) -> str:
    return "AoE (UTC-12)" if name == AOE else name


@lru_cache(maxsize=1)
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith("Etc")
    )
    return [(AOE, "Anywhere on Earth (AoE, UTC-12)"), ("UTC", "UTC"), *((n, n) for n in names)]


def at_in_zone(day: date, at: time, zone_name: str) -> datetime:
    """``day`` at ``at`` in a zone (or AoE), as an aware datetime: what a form's date, time and
    zone fields mean together."""
    return datetime.combine(day, at, tzinfo=zone(zone_name))


def end_of_day(day: date, zone_name: str) -> datetime:
    """23:59 on ``day`` in the given zone: what a deadline stated as a bare date means."""
    return datetime.combine(day, time(23, 59), tzinfo=zone(zone_name))
