# People who had an account before password ages were kept: their passwords' age starts now
# (rather than "unknown", which would send everyone to the change form at once).

from django.db import migrations
from django.utils import timezone


def start_ages(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(password_changed_at__isnull=True).update(password_changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_account_security")]

    operations = [migrations.RunPython(start_ages, migrations.RunPython.noop)]
