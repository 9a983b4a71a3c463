"""Metering owns the change note: the table economics created is renamed, not copied."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("metering", "0004_drop_event_id_index"),
        ("economics", "0008_event_batch_mark_to_metering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EventChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("event_pks", models.JSONField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "tenant",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="metering.tenant",
                            ),
                        ),
                    ],
                    options={
                        "indexes": [
                            models.Index(fields=["tenant", "id"], name="economics_batch_mark_order")
                        ],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="eventchange",
            new_name="eventchange_tenant_order",
            old_name="economics_batch_mark_order",
        ),
        migrations.AlterField(
            model_name="eventchange",
            name="event_pks",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="eventchange",
            name="range_start",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="eventchange",
            name="range_end",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
