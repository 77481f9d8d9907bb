"""Donor match keys now follow USPS Publication 28 (usaddress-scourgify, donations/services/matching.py): re-key the
stored donors. Records that now share a key are left as they are and queued as likely duplicates for staff
(donations/services/rekey.py). Reverse: nothing to undo (the old keys are not needed; a later key change re-keys)."""

from django.db import migrations, models


def rekey(apps, schema_editor):  # noqa: ANN001, ANN201
    from donations.services.rekey import donors_rekey

    donors_rekey(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_ledger_chain"),
        ("donations", "0008_stripe_balance_and_payouts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="duplicatedonor",
            name="reasons",
            field=models.JSONField(
                default=list,
                help_text='What matched besides the name: "address" (the same address spelled two ways), "email", '
                '"phone", "employer"',
            ),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop),
    ]
