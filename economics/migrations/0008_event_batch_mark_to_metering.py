"""Hand the per-batch change note to metering, which writes it (table renamed, rows kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("economics", "0007_customer_base_row"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EventBatchMark")],
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE "economics_eventbatchmark" RENAME TO "metering_eventchange"',
                    'ALTER TABLE "metering_eventchange" RENAME TO "economics_eventbatchmark"',
                )
            ],
        ),
    ]
