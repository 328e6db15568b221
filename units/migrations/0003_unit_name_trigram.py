from django.db import migrations

from healthreport.lib.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [("units", "0002_unit_deactivation")]

    operations = [
        # The problem list's keyword search matches the units' names (ProblemFilter.search), as
        # the unit pickers' search does: 100,000 names in a province.
        trigram_index("units_unit", "name", "unit_name_trgm"),
    ]
