"""Signal categories and routing rules in the back office."""

from django.contrib import admin

from buurtwerk.core.admin import PolicyAdmin, back_office

from .models import RoutingRule, SignalCategory


@admin.register(SignalCategory, site=back_office)
class SignalCategoryAdmin(PolicyAdmin):
    list_display = ["name", "code", "route", "active"]
    list_filter = ["route", "active"]
    search_fields = ["name", "code"]


@admin.register(RoutingRule, site=back_office)
class RoutingRuleAdmin(PolicyAdmin):
    list_display = ["priority", "category", "neighbourhood", "team", "active"]
    list_filter = ["active", "team"]
