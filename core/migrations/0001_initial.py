# Notification and WebhookDelivery move from rectification to core. State only: the tables keep
# their names (rectification_notification, rectification_webhookdelivery) and their rows;
# rectification 0005 removes the models from rectification's state after this one.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('rectification', '0004_webhook_channel_choices'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('due7', '7天内到期'), ('due3', '3天内到期'), ('overdue', '已逾期'), ('digest', '每日汇总')], max_length=10, verbose_name='类型')),
                        ('day', models.DateField(verbose_name='日期')),
                        ('title', models.CharField(max_length=200, verbose_name='标题')),
                        ('body', models.TextField(blank=True, verbose_name='内容')),
                        ('read', models.BooleanField(default=False, verbose_name='已读')),
                        ('emailed', models.BooleanField(default=False, verbose_name='已发邮件')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                        ('problem', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='rectification.problem', verbose_name='问题')),
                    ],
                    options={
                        'verbose_name': '提醒',
                        'verbose_name_plural': '提醒',
                        'db_table': 'rectification_notification',
                        'ordering': ['-day', '-pk'],
                        'indexes': [models.Index(fields=['recipient', 'read'], name='notification_recipient_idx')],
                        'constraints': [
                            models.UniqueConstraint(condition=models.Q(('problem__isnull', False)), fields=('recipient', 'problem', 'kind', 'day'), name='notification_once_a_day_per_problem'),
                            models.UniqueConstraint(condition=models.Q(('problem__isnull', True)), fields=('recipient', 'kind', 'day'), name='notification_once_a_day_digest'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('wecom', '企业微信'), ('dingtalk', '钉钉')], max_length=10, verbose_name='渠道')),
                        ('day', models.DateField(verbose_name='日期')),
                        ('sent_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name': '群机器人推送',
                        'verbose_name_plural': '群机器人推送',
                        'db_table': 'rectification_webhookdelivery',
                        'constraints': [models.UniqueConstraint(fields=('channel', 'day'), name='webhook_once_a_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
