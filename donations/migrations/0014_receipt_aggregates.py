"""Each receipt's kept aggregate-to-date and itemization (issue #17). Its indexes are built CONCURRENTLY on
PostgreSQL (so the migration is not atomic), as the migration linter asks of every index."""

import django.db.models.deletion
from django.db import migrations, models

PERIOD = models.Index(
    fields=["committee", "date_received"],
    include=["receipt_type", "amount", "is_memo", "itemized"],
    name="receipt_agg_period",
)
ITEMIZED = models.Index(
    condition=models.Q(("itemized", True)), fields=["committee", "date_received"], name="receipt_agg_itemized"
)


def add_indexes(apps, schema_editor):
    model = apps.get_model("donations", "ReceiptAggregate")
    for index in (PERIOD, ITEMIZED):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, index, concurrently=True)
        else:  # SQLite (make run): no CONCURRENTLY, and no INCLUDE (Django leaves it out)
            schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    model = apps.get_model("donations", "ReceiptAggregate")
    for index in (PERIOD, ITEMIZED):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("committees", "0003_committee_multicandidate_senate_class"),
        ("donations", "0013_limit_total_guaranteed"),
    ]

    operations = [
        migrations.CreateModel(
            name="AggregateBasis",
            fields=[
                (
                    "committee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="committees.committee",
                    ),
                ),
                ("basis", models.TextField()),
                ("rebuilt_at", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name="ReceiptAggregate",
            fields=[
                (
                    "contribution",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="donations.contribution",
                    ),
                ),
                ("date_received", models.DateField()),
                (
                    "window_start",
                    models.DateField(help_text="First day of the aggregation window holding date_received"),
                ),
                ("aggregate", models.DecimalField(decimal_places=2, max_digits=14)),
                ("itemized", models.BooleanField()),
                ("receipt_type", models.CharField(max_length=16)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                ("is_memo", models.BooleanField()),
                (
                    "conduit_aggregate",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="An earmarked receipt's conduit's running total in the window (the conduit memo's aggregate)",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="receiptaggregate", index=PERIOD),
                migrations.AddIndex(model_name="receiptaggregate", index=ITEMIZED),
            ],
            database_operations=[migrations.RunPython(add_indexes, remove_indexes)],
        ),
    ]
