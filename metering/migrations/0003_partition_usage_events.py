"""On PostgreSQL, rebuild the usage event table partitioned by month of its timestamp."""

from django.db import migrations
from django.utils import timezone

from metering.partitions import event_table_partition, event_table_unpartition


def forwards(apps, schema_editor):
    event_table_partition(schema_editor.connection, now=timezone.now())


def backwards(apps, schema_editor):
    event_table_unpartition(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('metering', '0002_event_keys_and_corrections'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
