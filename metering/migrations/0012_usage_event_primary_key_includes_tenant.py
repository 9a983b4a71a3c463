"""On PostgreSQL, put tenant_id in the partitioned event table's primary key (Citus needs it)."""

from django.db import migrations

from metering.partitions import PRIMARY_KEY, event_table_primary_key_set


def forwards(apps, schema_editor):
    event_table_primary_key_set(schema_editor.connection, columns=PRIMARY_KEY)


def backwards(apps, schema_editor):
    event_table_primary_key_set(schema_editor.connection, columns='(id, "timestamp")')


class Migration(migrations.Migration):

    dependencies = [
        ('metering', '0011_drop_customer_tenant_only_index'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
