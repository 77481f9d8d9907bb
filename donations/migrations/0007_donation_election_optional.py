"""A PAC's or party committee's web gift has no election (its limit is per calendar year): Donation.election and
RecurringGift.election become optional (issue #12 item 11). Dropping NOT NULL is safe for a rolling deploy."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0003_committee_multicandidate_senate_class'),
        ('donations', '0006_returns_voids_duplicate_queue'),
    ]

    operations = [
        migrations.AlterField(
            model_name='donation',
            name='election',
            field=models.ForeignKey(blank=True, help_text='Blank for a PAC or party committee: its limit is per calendar year, not per election', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
        ),
        migrations.AlterField(
            model_name='recurringgift',
            name='election',
            field=models.ForeignKey(blank=True, help_text='Blank for a PAC or party committee: its limit is per calendar year, not per election', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
        ),
    ]
