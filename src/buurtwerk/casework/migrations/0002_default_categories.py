"""The signal categories every municipality starts with; administrators can change them."""

from django.db import migrations

CATEGORIES = [
    ("loneliness", "Eenzaamheid of weinig contact", "care"),
    ("money-worries", "Geldzorgen", "care"),
    ("self-neglect", "Zorgen over verwaarlozing of vervuiling", "care"),
    ("caregiver-strain", "Mantelzorger raakt overbelast", "care"),
    ("health-worry", "Zorgen over gezondheid of geheugen", "care"),
    ("family-worry", "Zorgen over een gezin of kinderen", "care"),
    ("litter", "Afval of zwerfvuil", "liveability"),
    ("nuisance", "Overlast", "liveability"),
    ("public-space", "Kapot in de openbare ruimte", "liveability"),
    ("unsafe-spot", "Onveilige plek", "liveability"),
    ("neglected-property", "Verwaarloosde tuin of woning", "liveability"),
]


def add_categories(apps, schema_editor):
    category_model = apps.get_model("casework", "SignalCategory")
    for code, name, route in CATEGORIES:
        category_model.objects.get_or_create(code=code, defaults={"name": name, "route": route})


def remove_categories(apps, schema_editor):
    category_model = apps.get_model("casework", "SignalCategory")
    category_model.objects.filter(code__in=[code for code, _name, _route in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_signals_cases_contacts_meetings")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
