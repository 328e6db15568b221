from django.db import migrations

OLD, NEW = "医疗卫生机构床位数", "医疗卫生机构实有床位数"


def rename(apps, schema_editor):
    # Only the catalogue's own name: a bureau that renamed the indicator keeps its name.
    apps.get_model("indicators", "Indicator").objects.filter(code="BEDS", name=OLD).update(name=NEW)


def rename_back(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(code="BEDS", name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_load_catalogue")]

    operations = [migrations.RunPython(rename, rename_back)]
