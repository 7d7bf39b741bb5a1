"""Locations of the social map (buurthuizen, offices) in the back office."""

from django.contrib import admin

from buurtwerk.core.admin import PolicyAdmin, back_office

from .models import Location


@admin.register(Location, site=back_office)
class LocationAdmin(PolicyAdmin):
    list_display = ["name", "location_type", "organization"]
    list_filter = ["location_type"]
    search_fields = ["name", "id"]
