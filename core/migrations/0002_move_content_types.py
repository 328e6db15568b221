from django.db import migrations

MODELS = ("notification", "webhookdelivery")


def move(apps, schema_editor):
    # The models moved from rectification with their tables; their content types (and so the
    # permissions people were given in the admin) move too, unless core's already exist.
    content_types = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_types.objects.filter(app_label="core", model=model).exists():
            content_types.objects.filter(app_label="rectification", model=model).update(
                app_label="core"
            )


def move_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_types.objects.filter(app_label="rectification", model=model).exists():
            content_types.objects.filter(app_label="core", model=model).update(
                app_label="rectification"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(move, move_back)]
