"""A guarantee on a 48-hour notice keeps the amount the notice reported: the guarantor's share changes when another
guarantor joins a loan whose agreement states no shares, or as the loan is repaid, and a written notice never does.
Existing lines take their guarantor's amount (no share had changed before shares became recomputed). The
column stays nullable so the code still running during a rolling deploy keeps inserting lines; every line written
since carries its amount."""

from django.db import migrations, models


def copy_amounts(apps, schema_editor):
    FortyEightHourNoticeGuarantee = apps.get_model("compliance", "FortyEightHourNoticeGuarantee")
    for line in FortyEightHourNoticeGuarantee.objects.select_related("guarantor").filter(amount__isnull=True):
        line.amount = line.guarantor.amount
        line.save(update_fields=["amount"])


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0021_loan_guarantor_donor"),
    ]

    operations = [
        migrations.AddField(
            model_name="fortyeighthournoticeguarantee",
            name="amount",
            field=models.DecimalField(decimal_places=2, max_digits=14, null=True),
        ),
        migrations.RunPython(copy_amounts, migrations.RunPython.noop),
    ]
