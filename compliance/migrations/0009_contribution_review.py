"""Which gifts the compliance desk has reviewed: one ContributionReview per contribution. Compliance now takes up
new gifts itself (a claim of contributions without one, after commit and by beat). Every contribution recorded
before this migration went through the old review path (inside the entry transaction, or a task on commit), so
each gets a `backfill` row: the sweep never re-flags history."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    review = apps.get_model("compliance", "ContributionReview")._meta.db_table
    contribution = apps.get_model("donations", "Contribution")._meta.db_table
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"INSERT INTO {quote(review)} (contribution_id, reviewed_at, via) "
        f"SELECT id, CURRENT_TIMESTAMP, 'backfill' FROM {quote(contribution)}"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("compliance", "0008_committees_and_audit_moved"),
        ("donations", "0004_committees_moved"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContributionReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reviewed_at", models.DateTimeField()),
                (
                    "via",
                    models.CharField(
                        choices=[
                            ("entry", "In the recording transaction (staff entry, import)"),
                            ("worker", "By a worker after the gift was recorded (web gift, monthly installment)"),
                            ("backfill", "Recorded before reviews were recorded"),
                        ],
                        max_length=8,
                    ),
                ),
                (
                    "contribution",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="compliance_review",
                        to="donations.contribution",
                    ),
                ),
            ],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
