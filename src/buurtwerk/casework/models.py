"""Signals from the neighbourhood, cases of the wijkteam, the contact log and team meetings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Neighbourhood, Organisation, Resident, Team

from .engine import status_flow


class Route(models.TextChoices):
    CARE = "care", _("Achter de voordeur (zorg en welzijn)")
    LIVEABILITY = "liveability", _("Voor de voordeur (leefbaarheid)")


ROUTE_TEAM_KIND: dict[str, str] = {
    Route.CARE: Team.Kind.WIJKTEAM,
    Route.LIVEABILITY: Team.Kind.AREA_TEAM,
}
TEAM_KIND_ROUTE: dict[str, str] = {kind: route for route, kind in ROUTE_TEAM_KIND.items()}


class SignalCategory(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    description = models.CharField(_("uitleg"), max_length=300, blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("soort signaal")
        verbose_name_plural = _("soorten signalen")
        ordering = ["route", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_care(self) -> bool:
        return self.route == Route.CARE


class RoutingRule(models.Model):
    """Sends signals of a category and/or neighbourhood to a team; lowest priority first."""

    priority = models.PositiveIntegerField(
        _("volgorde"), default=100, help_text=_("Lagere getallen gaan voor.")
    )
    category = models.ForeignKey(
        SignalCategory,
        verbose_name=_("soort signaal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
        help_text=_("Leeg: elke soort."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leeg: elke buurt."),
    )
    team = models.ForeignKey(
        Team, verbose_name=_("naar team"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        category = self.category.name if self.category else _("elke soort")
        place = self.neighbourhood.name if self.neighbourhood else _("elke buurt")
        return f"{self.priority}: {category}, {place} → {self.team}"


class Signal(models.Model):
    class Source(models.TextChoices):
        WALK_IN = "walk_in", _("Inloop")
        RESIDENT = "resident", _("Van een bewoner")
        PARTNER = "partner", _("Van een partner")
        OWN_OBSERVATION = "own_observation", _("Zelf gezien")
        PUBLIC = "public", _("Online melding")

    class Status(models.TextChoices):
        NEW = status_flow.NEW, _("Nieuw")
        TRIAGED = status_flow.TRIAGED, _("Bekeken")
        IN_PROGRESS = status_flow.IN_PROGRESS, _("In behandeling")
        WAITING = status_flow.WAITING, _("Wacht op iets")
        CLOSED = status_flow.CLOSED, _("Afgesloten")

    description = models.TextField(_("wat is er opgevallen"))
    category = models.ForeignKey(
        SignalCategory, verbose_name=_("soort"), on_delete=models.PROTECT, related_name="signals"
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="signals"
    )
    address = models.CharField(_("adres of plek"), max_length=200, blank=True)
    lat = models.FloatField(
        _("breedtegraad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.FloatField(
        _("lengtegraad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("over bewoner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_signals",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="signals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgepakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_signals",
    )
    notes = models.TextField(_("notities van het team"), blank=True)
    about_person = models.BooleanField(
        _("over een persoon"),
        default=False,
        help_text=_("Vertrouwelijk: alleen het team en de melder zien het signaal."),
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=True) | Q(about_person=True),
                name="signal_with_resident_is_about_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Signaal')} {self.pk}: {self.category}"

    @property
    def is_confidential(self) -> bool:
        return self.about_person or self.route == Route.CARE

    @property
    def is_picked_up(self) -> bool:
        return self.status in status_flow.PICKED_UP

    @property
    def summary(self) -> str:
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first_line[:80]


class SignalTransition(models.Model):
    """The full history of a signal's status, one row per change (never edited)."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("van"), max_length=20, choices=Signal.Status.choices, blank=True
    )
    to_status = models.CharField(_("naar"), max_length=20, choices=Signal.Status.choices)
    at = models.DateTimeField(_("op"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Case(models.Model):
    """A wijkteam case around one resident or household."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIVE = "active", _("Loopt")
        ON_HOLD = "on_hold", _("Even stil")
        CLOSED = "closed", _("Afgesloten")

    class Confidentiality(models.TextChoices):
        TEAM = "team", _("Het hele team")
        PARTICIPANTS = "participants", _("Alleen betrokkenen")

    title = models.CharField(_("titel"), max_length=150)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    household = models.CharField(
        _("huishouden"),
        max_length=200,
        blank=True,
        help_text=_("Wie hoort er nog bij, bijvoorbeeld: met partner en twee kinderen."),
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("regisseur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_cases",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    confidentiality = models.CharField(
        _("wie mag meelezen"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.TEAM,
    )
    summary = models.TextField(_("situatie"), blank=True)
    next_discussion_on = models.DateField(_("bespreken in het overleg op"), null=True, blank=True)
    signals = models.ManyToManyField(
        Signal, verbose_name=_("signalen"), related_name="cases", blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CaseParticipant(models.Model):
    class Role(models.TextChoices):
        RESIDENT = "resident", _("Bewoner zelf")
        FAMILY = "family", _("Familie of naaste")
        COORDINATOR = "coordinator", _("Regisseur")
        BUURTWERKER = "buurtwerker", _("Buurtwerker")
        CARE = "care", _("Zorgverlener")
        VOLUNTEER = "volunteer", _("Vrijwilliger")
        OTHER = "other", _("Anders")

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_participations",
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_participations",
    )
    name = models.CharField(_("naam"), max_length=150, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        if self.resident is not None:
            return self.resident.name
        return self.name


class CaseGoal(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="goals"
    )
    description = models.CharField(_("doel"), max_length=300)
    achieved_at = models.DateTimeField(_("bereikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class CaseLink(models.Model):
    """A link from a case to a record of another domain, such as a match.

    The extension point for the matching app: a case refers to a match (or any other record)
    by content type and id, so casework never imports another domain's models. Linking checks
    that the user may view the target through the central permission module.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="links"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("omschrijving"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("koppeling aan casus")
        verbose_name_plural = _("koppelingen aan casussen")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "content_type", "object_id"], name="unique_case_link"
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.content_type.model} {self.object_id}"

    @property
    def url(self) -> str:
        """The linked record's own page, when it has one and still exists."""
        target = self.target
        get_url = getattr(target, "get_absolute_url", None)
        return get_url() if callable(get_url) else ""


class Meeting(models.Model):
    """The weekly meeting of a wijkteam or an area team."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("datum en tijd"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vorig overleg"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    since = models.DateTimeField(_("nieuw en gewijzigd sinds"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("aanwezig"), related_name="+", blank=True
    )
    closed_at = models.DateTimeField(_("notulen vastgesteld op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("teamoverleg")
        verbose_name_plural = _("teamoverleggen")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.team} {self.starts_at:%d-%m-%Y}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        SIGNAL = "signal", _("Signaal")
        CASE = "case", _("Casus")
        OVERDUE = "overdue", _("Actie over datum")
        OTHER = "other", _("Overig")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    follow_up = models.ForeignKey(
        "FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    title = models.CharField(_("onderwerp"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("besluit"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class FollowUp(models.Model):
    """A follow-up action with a due date ("go and have coffee with him").

    It belongs to a team and to at most one signal or case; a decision in a team meeting can
    create it.
    """

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.CharField(_("wat moet er gebeuren"), max_length=300)
    due_on = models.DateField(_("uiterlijk op"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["done_at", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signal__isnull=True) | Q(case__isnull=True),
                name="follow_up_for_signal_or_case",
            )
        ]

    def __str__(self) -> str:
        return self.description


class Contact(models.Model):
    """One contact in a buurtwerker's contact log."""

    class Kind(models.TextChoices):
        COFFEE_VISIT = "coffee_visit", _("Op de koffie")
        WALK_IN = "walk_in", _("Gesprek bij de inloop")
        PHONE = "phone", _("Telefoon")
        INTRODUCTION = "introduction", _("Kennismaking of voorstellen")
        GROUP_ACTIVITY = "group_activity", _("Groepsactiviteit")

    class Purpose(models.TextChoices):
        CASEWORK = "casework", _("Individuele ondersteuning")
        COMMUNITY = "community", _("Samenlevingsopbouw")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    happened_on = models.DateField(_("datum"), db_index=True)
    kind = models.CharField(_("soort contact"), max_length=20, choices=Kind.choices)
    purpose = models.CharField(_("waarvoor"), max_length=20, choices=Purpose.choices)
    duration_minutes = models.PositiveIntegerField(
        _("duur in minuten"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    residents = models.ManyToManyField(
        Resident, verbose_name=_("met bewoners"), related_name="contacts", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("met partners"), related_name="+", blank=True
    )
    note = models.TextField(_("korte notitie"), blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("bij casus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d-%m-%Y}"
