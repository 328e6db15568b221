# The 整改通报 is issued (定稿) once per week or month: IssuedReport.period tells the bulletins of
# a year apart, and one issue is current per (kind, year, region, period). A work entry belongs to
# the year (annual documents) or its first half (半年工作总结): WorkEntry.period, 年度 by default.

from django.db import migrations, models

ENTRY_PERIOD = {
    "choices": [("annual", "年度"), ("h1", "上半年")],
    "default": "annual",
    "help_text": "“上半年”的条目写入半年工作总结，“年度”的写入年度工作总结和讲话。",
    "max_length": 10,
    "verbose_name": "报告期",
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_writing_inputs"),
    ]

    operations = [
        migrations.AddField(
            model_name="workentry", name="period", field=models.CharField(**ENTRY_PERIOD)
        ),
        migrations.AddField(
            model_name="historicalworkentry", name="period", field=models.CharField(**ENTRY_PERIOD)
        ),
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
