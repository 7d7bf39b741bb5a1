"""The public iCalendar feed (RFC 5545) of a neighbourhood's activities.

One VEVENT per activity with its RRULE, so calendar apps show every future date; dates that
do not go ahead are left out with EXDATE. The UID is the activity's own UUID, so an update
replaces the event instead of adding a copy, and DTSTAMP is the last change, so the same data
always gives the same feed. No personal data: what, when, where and who is present.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event, vRecur

from .engine.recurrence import TIMEZONE
from .models import Activity

PRODUCT_ID = "-//Buurtwerk//Buurtactiviteiten//NL"
UID_DOMAIN = "buurtwerk"


def activity_uid(activity: Activity) -> str:
    return f"activity-{activity.uid}@{UID_DOMAIN}"


def _description(activity: Activity) -> str:
    lines = [activity.description.strip()] if activity.description.strip() else []
    partners = [partner.name for partner in activity.partners.all()]
    if partners:
        lines.append("Aanwezig: " + ", ".join(partners))
    if activity.partners_note:
        lines.append(activity.partners_note)
    lines.append(f"Organisatie: {activity.initiative.name}")
    return "\n".join(lines)


def _event(activity: Activity, base_url: str) -> Event:
    event = Event()
    start = activity.starts_at.astimezone(TIMEZONE)
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", activity.updated_at.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=activity.duration_minutes))
    event.add("summary", activity.title)
    event.add("description", _description(activity))
    location = ", ".join(part for part in (activity.location_name, activity.address) if part)
    event.add("location", location)
    if activity.lat is not None and activity.lon is not None:
        event.add("geo", (activity.lat, activity.lon))
    event.add("url", f"{base_url}/buurt/{activity.neighbourhood.code}/#activiteit-{activity.pk}")
    if activity.rrule:
        recurrence = vRecur.from_ical(activity.rrule)
        if activity.ends_on:
            # With a TZID on DTSTART, UNTIL must be given in UTC (RFC 5545, 3.3.10).
            last = datetime.combine(activity.ends_on, time(23, 59, 59), tzinfo=TIMEZONE)
            recurrence["UNTIL"] = last.astimezone(UTC)
        event.add("rrule", recurrence)
        cancelled = [
            occurrence.starts_at.astimezone(TIMEZONE)
            for occurrence in activity.occurrences.all()
            if occurrence.cancelled
        ]
        if cancelled:
            event.add("exdate", cancelled)
    return event


def build_calendar(activities: Iterable[Activity], *, name: str, base_url: str) -> Calendar:
    """The feed as an icalendar Calendar, with the Europe/Amsterdam VTIMEZONE included."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE.key)
    for activity in activities:
        calendar.add_component(_event(activity, base_url))
    calendar.add_missing_timezones()
    return calendar
