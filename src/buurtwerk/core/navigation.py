"""The main menu: each item shows only to users whose role may use the page behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import Role, user_role


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role]


PROFESSIONAL_ROLES = frozenset({Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM})

MENU: list[MenuItem] = [
    MenuItem(_("Overzicht"), "core:dashboard", frozenset(Role)),
    MenuItem(_("Bewoners"), "people:resident_list", PROFESSIONAL_ROLES | {Role.VOLUNTEER}),
    MenuItem(_("Auditlog"), "audit:entry_list", frozenset({Role.ADMIN})),
]


def register_menu_item(item: MenuItem) -> None:
    """Domain apps add their own pages to the menu from their AppConfig.ready()."""
    if item not in MENU:
        MENU.append(item)


def menu_for(user: Any) -> list[dict[str, str]]:
    role = user_role(user)
    if role is None:
        return []
    items = []
    for item in MENU:
        if role not in item.roles:
            continue
        try:
            items.append({"label": str(item.label), "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return items
