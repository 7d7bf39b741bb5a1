"""People and places: municipalities down to residents, their consent and their network."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import validate_postcode


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    cbs_code = models.CharField(_("CBS-code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A wijk: several neighbourhoods, usually the area of one wijkteam."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="districts"
    )
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_district_name")
        ]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A buurt, the smallest area the team works in (CBS 'buurt')."""

    district = models.ForeignKey(
        District, verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="neighbourhoods"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-buurtcode"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        WELFARE = "welfare", _("Welzijnsorganisatie")
        MUNICIPALITY = "municipality", _("Gemeente")
        POLICE = "police", _("Politie")
        HOUSING = "housing", _("Woningcorporatie")
        CARE = "care", _("Zorgorganisatie")
        COMMUNITY = "community", _("Bewonersinitiatief")
        OTHER = "other", _("Anders")

    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner(self) -> bool:
        return self.kind in {self.Kind.POLICE, self.Kind.HOUSING, self.Kind.MUNICIPALITY}


class Team(models.Model):
    class Kind(models.TextChoices):
        WIJKTEAM = "wijkteam", _("Sociaal wijkteam (achter de voordeur)")
        AREA_TEAM = "area_team", _("Gebiedsteam (voor de voordeur)")
        COMMUNITY = "community", _("Buurthuis of initiatief")

    name = models.CharField(_("naam"), max_length=150, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="teams"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, verbose_name=_("buurten"), related_name="teams", blank=True
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResidentQuerySet(models.QuerySet["Resident"]):
    def with_matching_consent(self) -> ResidentQuerySet:
        return self.filter(
            consents__scope=Consent.Scope.MATCHING, consents__withdrawn_at__isnull=True
        ).distinct()

    def active(self) -> ResidentQuerySet:
        return self.filter(erased_at__isnull=True)


class Resident(models.Model):
    ref = models.CharField(
        _("kenmerk"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Eigen kenmerk uit een import, om bij opnieuw importeren bij te werken."),
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="residents"
    )
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
    birth_year = models.PositiveSmallIntegerField(
        _("geboortejaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    languages = models.JSONField(
        _("talen"), default=list, blank=True, help_text=_("Taalcodes, bijvoorbeeld nl, tr, ar.")
    )
    notes = models.TextField(_("notities"), blank=True)
    certificate_of_conduct_on = models.DateField(
        _("VOG afgegeven op"), null=True, blank=True, help_text=_("Verklaring Omtrent het Gedrag")
    )
    seeks_participation = models.BooleanField(
        _("zoekt meedoen"),
        default=False,
        help_text=_(
            "Helpen doet deze bewoner zelf ook goed, bijvoorbeeld bij werkloosheid of eenzaamheid."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    erased_at = models.DateTimeField(_("gewist op"), null=True, blank=True)

    objects = ResidentQuerySet.as_manager()

    PERSONAL_FIELDS = (
        "name", "email", "phone", "street", "house_number", "postcode", "city",
        "lat", "lon", "birth_year", "languages", "notes", "certificate_of_conduct_on",
        "seeks_participation",
    )  # fmt: skip

    class Meta:
        verbose_name = _("bewoner")
        verbose_name_plural = _("bewoners")
        ordering = ["name", "id"]
        # Lists are ordered by (name, id) within the user's neighbourhoods; counts only need
        # active residents per neighbourhood (an index-only scan on PostgreSQL). Substring
        # search on name, street and postcode uses trigram indexes that only PostgreSQL has:
        # see migration 0002, which creates them there and nowhere else.
        indexes = [
            models.Index(fields=["neighbourhood", "name"]),
            models.Index(fields=["name", "id"], name="resident_name_id_idx"),
            models.Index(
                fields=["neighbourhood"],
                condition=Q(erased_at__isnull=True),
                name="resident_active_hood_idx",
            ),
            # The shared suggestion index of matching checks the newest change per request.
            models.Index(fields=["updated_at"], name="resident_updated_at_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        line = " ".join(part for part in (self.street, self.house_number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (line, place) if part)

    @property
    def has_certificate_of_conduct(self) -> bool:
        return self.certificate_of_conduct_on is not None

    def active_consent(self, scope: str) -> Consent | None:
        return next(
            (c for c in self.consents.all() if c.scope == scope and c.withdrawn_at is None), None
        )

    @property
    def has_matching_consent(self) -> bool:
        return self.active_consent(Consent.Scope.MATCHING) is not None


class ProcessingBasis(models.Model):
    """Why the organisation may process this resident's data, per purpose (AVG art. 6 and 9)."""

    class Purpose(models.TextChoices):
        WELFARE_SUPPORT = "welfare_support", _("Ondersteuning en welzijn")
        MATCHING = "matching", _("Koppelen aan andere bewoners")
        CASEWORK = "casework", _("Casusregie in het wijkteam")
        SIGNALS = "signals", _("Signalen opvolgen")

    class LawfulBasis(models.TextChoices):
        CONSENT = "6.1.a", _("Toestemming (art. 6 lid 1a AVG)")
        CONTRACT = "6.1.b", _("Overeenkomst (art. 6 lid 1b AVG)")
        LEGAL_OBLIGATION = "6.1.c", _("Wettelijke plicht (art. 6 lid 1c AVG)")
        VITAL_INTEREST = "6.1.d", _("Vitaal belang (art. 6 lid 1d AVG)")
        PUBLIC_TASK = "6.1.e", _("Publieke taak (art. 6 lid 1e AVG)")
        LEGITIMATE_INTEREST = "6.1.f", _("Gerechtvaardigd belang (art. 6 lid 1f AVG)")

    class SpecialCategoryException(models.TextChoices):
        NONE = "", _("Geen bijzondere persoonsgegevens")
        EXPLICIT_CONSENT = "9.2.a", _("Uitdrukkelijke toestemming (art. 9 lid 2a AVG)")
        SOCIAL_CARE = "9.2.h", _("Zorg en sociale diensten (art. 9 lid 2h AVG)")
        PUBLIC_INTEREST = "9.2.g", _("Zwaarwegend algemeen belang (art. 9 lid 2g AVG)")

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="bases"
    )
    purpose = models.CharField(_("doel"), max_length=30, choices=Purpose.choices)
    lawful_basis = models.CharField(_("grondslag"), max_length=10, choices=LawfulBasis.choices)
    special_category_exception = models.CharField(
        _("uitzondering bijzondere gegevens"),
        max_length=10,
        choices=SpecialCategoryException.choices,
        blank=True,
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grondslag")
        verbose_name_plural = _("grondslagen")
        constraints = [
            models.UniqueConstraint(fields=["resident", "purpose"], name="one_basis_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_lawful_basis_display()}"


class Consent(models.Model):
    """What a resident agreed to, when, and who wrote it down. Withdrawing keeps the history."""

    class Scope(models.TextChoices):
        MATCHING = "matching", _("Koppelen en voorstellen aan andere bewoners")

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(_("waarvoor"), max_length=20, choices=Scope.choices)
    statement = models.TextField(_("wat de bewoner heeft afgesproken"))
    given_at = models.DateTimeField(_("gegeven op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken via"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "scope"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_at:%d-%m-%Y})"


class Relation(models.Model):
    """Who knows whom: another resident, a user (volunteer, professional) or someone outside."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Familie")
        PARTNER = "partner", _("Partner")
        NEIGHBOUR = "neighbour", _("Buur")
        FRIEND = "friend", _("Vriend of kennis")
        VOLUNTEER = "volunteer", _("Vrijwilliger")
        PROFESSIONAL = "professional", _("Professional")
        INTRODUCED = "introduced", _("Via een koppeling")

    class Closeness(models.IntegerChoices):
        CLOSE = 1, _("Dichtbij")
        MIDDLE = 2, _("Tussenin")
        DISTANT = 3, _("Verder weg")

    INFORMAL_KINDS = (
        Kind.FAMILY, Kind.PARTNER, Kind.NEIGHBOUR, Kind.FRIEND, Kind.VOLUNTEER, Kind.INTRODUCED,
    )  # fmt: skip

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="relations"
    )
    other_resident = models.ForeignKey(
        Resident,
        verbose_name=_("andere bewoner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reverse_relations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vrijwilliger of professional"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resident_relations",
    )
    contact_name = models.CharField(_("naam contact"), max_length=150, blank=True)
    contact_role = models.CharField(
        _("rol of organisatie"), max_length=150, blank=True, help_text=_("Bijvoorbeeld huisarts")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    closeness = models.PositiveSmallIntegerField(
        _("nabijheid"), choices=Closeness.choices, default=Closeness.MIDDLE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("relatie")
        verbose_name_plural = _("relaties")
        ordering = ["closeness", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(other_resident__isnull=False, user__isnull=True)
                    | Q(other_resident__isnull=True, user__isnull=False)
                    | Q(other_resident__isnull=True, user__isnull=True) & ~Q(contact_name="")
                ),
                name="relation_has_exactly_one_counterpart",
            ),
            models.CheckConstraint(
                condition=~Q(resident=models.F("other_resident")), name="relation_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.counterpart_name()}"

    def counterpart_name(self) -> str:
        if self.other_resident is not None:
            return self.other_resident.name
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.contact_name
