"""The receipt outbox: a paid gift's receipt is marked pending in the transaction that records the gift, and a
worker (right after commit, or the beat sweep) sends it and marks it sent. Existing rows: a receipt already sent
is `sent`; everything else `none`, so the sweep never mails donors about old gifts.

Safe during a rolling deploy: the column has a database default (code still running without it keeps inserting),
rows are updated in small batches, and on PostgreSQL the partial index is built CONCURRENTLY (so the migration is
not atomic) instead of locking the contributions table."""

from django.db import migrations, models

INDEX = models.Index(
    condition=models.Q(("receipt_status", "pending")), fields=["id"], name="contribution_receipt_pending"
)


def mark_sent(apps, schema_editor):
    Contribution = apps.get_model("donations", "Contribution")
    todo = Contribution.objects.filter(receipt_sent_at__isnull=False).exclude(receipt_status="sent")
    while True:
        batch = list(todo.order_by("pk").values_list("pk", flat=True)[:5000])
        if not batch:
            return
        Contribution.objects.filter(pk__in=batch).update(receipt_status="sent")


def add_index(apps, schema_editor):
    model = apps.get_model("donations", "Contribution")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(model, INDEX, concurrently=True)
    else:
        schema_editor.add_index(model, INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("donations", "Contribution"), INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("donations", "0004_committees_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="receipt_status",
            field=models.CharField(
                choices=[
                    ("none", "No receipt (staff entry, import, or no email address)"),
                    ("pending", "Waiting to be sent"),
                    ("sent", "Sent"),
                ],
                db_default="none",
                default="none",
                max_length=8,
            ),
        ),
        migrations.RunPython(mark_sent, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="contribution", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
