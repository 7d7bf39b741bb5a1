"""Municipalities, districts, neighbourhoods, organisations and teams in the back office."""

from django.contrib import admin

from buurtwerk.core.admin import PolicyAdmin, back_office

from .models import District, Municipality, Neighbourhood, Organisation, Team


@admin.register(Municipality, site=back_office)
class MunicipalityAdmin(PolicyAdmin):
    list_display = ["name", "cbs_code"]
    search_fields = ["name"]


@admin.register(District, site=back_office)
class DistrictAdmin(PolicyAdmin):
    list_display = ["name", "municipality", "cbs_code"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(Neighbourhood, site=back_office)
class NeighbourhoodAdmin(PolicyAdmin):
    list_display = ["name", "code", "district", "cbs_code"]
    list_filter = ["district__municipality"]
    search_fields = ["name", "code"]


@admin.register(Organisation, site=back_office)
class OrganisationAdmin(PolicyAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Team, site=back_office)
class TeamAdmin(PolicyAdmin):
    list_display = ["name", "kind", "municipality", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
