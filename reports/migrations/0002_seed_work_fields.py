from django.db import migrations

# name, indicator categories (indicators.Category values), data role
FIELDS = [
    ("清廉建设", "", "sanctions"),
    ("公共卫生与疫情防控", "disease", "none"),
    ("医药卫生体制改革", "medical_service,security", "none"),
    ("数字化改革", "", "none"),
    ("医共体建设", "system", "none"),
    ("民生实事", "", "none"),
    ("健康城市", "health", "none"),
    ("中医药", "", "none"),
    ("人才队伍", "", "none"),
    ("妇幼与人口", "maternal_child,population", "none"),
    ("安全稳定", "", "rectification"),
]


def seed(apps, schema_editor):
    WorkField = apps.get_model("reports", "WorkField")
    for order, (name, categories, role) in enumerate(FIELDS, start=1):
        WorkField.objects.get_or_create(
            name=name,
            defaults={"order": order * 10, "indicator_categories": categories, "data_role": role},
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_work_entries")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
