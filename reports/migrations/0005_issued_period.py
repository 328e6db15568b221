# The 整改通报 is issued (定稿) once per week or month: IssuedReport.period tells the bulletins of
# a year apart, and one issue is current per (kind, year, region, period).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_writing_inputs"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="issuedreport",
            name="issuedreport_one_current",
        ),
        migrations.AddField(
            model_name="issuedreport",
            name="period",
            field=models.CharField(blank=True, default="", max_length=20, verbose_name="通报周期"),
        ),
        migrations.AddConstraint(
            model_name="issuedreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("current", True)),
                fields=("kind", "year", "region", "period"),
                name="issuedreport_one_current",
            ),
        ),
    ]
