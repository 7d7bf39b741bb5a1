"""The main menu: each item shows only to users whose role may use the page behind it.

Items are shown in a few groups, one per part of the work, so no role sees more than seven.
"""

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


# The group of an item: by its URL name, else by its app's namespace.
GROUPS: dict[str, Promise] = {
    "core:dashboard": _("Overzicht"),
    "people": _("Bewoners"),
    "matching": _("Bewoners"),
    "casework": _("Signalen en overleg"),
    "casework:contact_list": _("Bewoners"),
    "socialmap": _("Sociale kaart"),
    "community": _("Buurthuis"),
    "insight": _("Inzicht"),
    "audit": _("Beheer"),
}


def group_of(url_name: str) -> str:
    group = GROUPS.get(url_name) or GROUPS.get(url_name.split(":")[0])
    return str(group) if group else ""


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
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": str(item.label), "url": url, "group": group_of(item.url_name)})
    return items


def menu_groups_for(user: Any) -> list[dict[str, Any]]:
    """The user's menu in groups, in the order their first items were registered."""
    groups: dict[str, list[dict[str, str]]] = {}
    for item in menu_for(user):
        groups.setdefault(item["group"], []).append(item)
    return [{"label": label, "items": items} for label, items in groups.items()]
