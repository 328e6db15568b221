"""Problem.fingerprint and its unique constraint (the ledger's duplicate rule), Problem.import_batch.

Existing problems get their fingerprint in pk order; a problem that repeats an earlier one (same
inspection, same unit, same description) keeps NULL, which the constraint does not compare, so
the migration never fails on duplicates already in the database: they stay as they were, and
the count is printed for the bureau to cancel them.
"""

import hashlib
import unicodedata

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def description_fingerprint(description):
    # A frozen copy of rectification.models.description_fingerprint.
    normal = " ".join(unicodedata.normalize("NFKC", description).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def fill_fingerprints(apps, schema_editor):
    Problem = apps.get_model("rectification", "Problem")
    seen = set()
    batch = []
    duplicates = 0
    rows = Problem.objects.order_by("pk").values_list("pk", "inspection_id", "unit_id", "description")
    for pk, inspection_id, unit_id, description in rows.iterator(chunk_size=2000):
        fingerprint = description_fingerprint(description)
        key = (inspection_id, unit_id, fingerprint)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        batch.append(Problem(pk=pk, fingerprint=fingerprint))
        if len(batch) >= 1000:
            Problem.objects.bulk_update(batch, ["fingerprint"])
            batch = []
    Problem.objects.bulk_update(batch, ["fingerprint"])
    if duplicates:
        print(f"\n  {duplicates}条问题与先前的问题重复（同一检查、同一单位、相同描述），保持原样，未纳入唯一约束。")


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0001_initial'),
        ('rectification', '0005_move_notifications_to_core'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='problem',
            name='fingerprint',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name='problem',
            name='import_batch',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='imports.importbatch', verbose_name='导入批次'),
        ),
        migrations.RunPython(fill_fingerprints, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='problem',
            constraint=models.UniqueConstraint(fields=('inspection', 'unit', 'fingerprint'), name='problem_unique_inspection_unit_description'),
        ),
    ]
