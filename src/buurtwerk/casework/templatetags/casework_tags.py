"""Small template helpers for the casework diagrams."""

from __future__ import annotations

from typing import Any

from django import template

from buurtwerk.people.models import Relation

register = template.Library()

# Each colour has at least 3:1 contrast against white and the light ring backgrounds
# (WCAG 1.4.11); the list view and the shapes carry the same information without colour.
KIND_COLOURS = {
    Relation.Kind.FAMILY: "#0b5a43",
    Relation.Kind.PARTNER: "#073d2e",
    Relation.Kind.NEIGHBOUR: "#8a3b00",
    Relation.Kind.FRIEND: "#5a2d82",
    Relation.Kind.VOLUNTEER: "#1d4f91",
    Relation.Kind.PROFESSIONAL: "#4a4a4a",
    Relation.Kind.INTRODUCED: "#a4001d",
}


@register.filter
def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#4a4a4a")  # type: ignore[call-overload]


@register.filter
def kind_label(kind: str) -> str:
    return str(dict(Relation.Kind.choices).get(kind, kind))


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def add_float(value: float, amount: float) -> float:
    return round(float(value) + float(amount), 1)


@register.filter
def person(user: Any) -> str:
    """A user's full name, else the username, else a dash."""
    if user is None:
        return "–"
    return user.get_full_name() or user.username
