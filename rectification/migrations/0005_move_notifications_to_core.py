# Notification and WebhookDelivery now belong to core (core 0001 takes them over). State only:
# the tables and their rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('rectification', '0004_webhook_channel_choices'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='WebhookDelivery'),
            ],
            database_operations=[],
        ),
    ]
