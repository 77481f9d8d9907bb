"""A loan guarantor is linked to the committee's donor and counts toward the donor's limit (11 CFR 100.52(b)(3)).

Safe during a rolling deploy: the new columns have database defaults (code still running without them keeps
inserting guarantors), the donor column is nullable, and on PostgreSQL its index is built CONCURRENTLY (so the
migration is not atomic)."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

INDEX = models.Index(fields=["donor"], name="loanguarantor_donor")


def add_index(apps, schema_editor):
    model = apps.get_model("compliance", "LoanGuarantor")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(model, INDEX, concurrently=True)
    else:  # SQLite (make run on a laptop): its schema editor has no CONCURRENTLY
        schema_editor.add_index(model, INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("compliance", "LoanGuarantor"), INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("compliance", "0020_presidential_allocations"),
        ("donations", "0013_limit_total_guaranteed"),
    ]

    operations = [
        migrations.AddField(
            model_name="loanguarantor",
            name="counted",
            field=models.DecimalField(
                decimal_places=2, default=Decimal("0.00"), db_default=Decimal("0.00"), max_digits=12
            ),
        ),
        migrations.AddField(
            model_name="loanguarantor",
            name="donor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="loan_guarantees",
                to="donations.donor",
            ),
        ),
        migrations.AddField(
            model_name="loanguarantor",
            name="limit_period_key",
            field=models.CharField(blank=True, default="", db_default="", max_length=8),
        ),
        migrations.AddField(
            model_name="loanguarantor",
            name="share_stated",
            field=models.BooleanField(default=True, db_default=True),
        ),
        migrations.AlterField(
            model_name="loanguarantor",
            name="amount",
            field=models.DecimalField(decimal_places=2, help_text="Amount guaranteed (Schedule C-2)", max_digits=12),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="loanguarantor", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
