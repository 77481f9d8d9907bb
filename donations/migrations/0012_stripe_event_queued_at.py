# A nullable column without a default: no table rewrite, no lock beyond the catalog update.
# Numbered 0012 to leave 0009-0011 to the other branches in flight; the merge points its dependency at the
# latest donations migration.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0011_donor_access_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="stripeevent",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
