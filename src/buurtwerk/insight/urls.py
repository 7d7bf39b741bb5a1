from django.urls import path

from . import views

app_name = "insight"

BUURT = {"kind": "buurt"}
TEAM = {"kind": "team"}

urlpatterns = [path("", views.index, name="index")]
for prefix, kind, name in (
    ("buurt/<slug:key>/", BUURT, "neighbourhood"),
    ("team/<str:key>/", TEAM, "team"),
):
    urlpatterns += [
        path(prefix, views.dashboard, kind, name=name),
        path(f"{prefix}tabellen.xlsx", views.export_all, kind, name=f"{name}_export_all"),
        path(f"{prefix}maandrapport.pdf", views.monthly_report, kind, name=f"{name}_report"),
        path(
            f"{prefix}tabel/<slug:table>.<str:fmt>",
            views.export_table,
            kind,
            name=f"{name}_export",
        ),
    ]
