"""The compliance app gives up Committee, Election, Conduit, ContributionLimit (to committees) and AuditEvent
(to audit): state only, every table and row stays."""

import django.db.models.deletion
from django.db import migrations, models

STATE_OPERATIONS = [
    migrations.RemoveField(
        model_name='auditevent',
        name='actor',
    ),
    migrations.AlterField(
        model_name='disbursement',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disbursements', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='reviewitem',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='review_items', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='fortyeighthournotice',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices_48h', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='besteffortsrequest',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.committee'),
    ),
    migrations.RemoveField(
        model_name='election',
        name='committee',
    ),
    migrations.AlterField(
        model_name='report',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='transactiontext',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transaction_texts', to='committees.committee'),
    ),
    migrations.DeleteModel(
        name='Conduit',
    ),
    migrations.DeleteModel(
        name='ContributionLimit',
    ),
    migrations.AlterField(
        model_name='disbursement',
        name='election',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.AlterField(
        model_name='report',
        name='election',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.AlterField(
        model_name='fortyeighthournotice',
        name='election',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.DeleteModel(
        name='AuditEvent',
    ),
    migrations.DeleteModel(
        name='Committee',
    ),
    migrations.DeleteModel(
        name='Election',
    ),
]


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        ('accounts', '0002_committees_moved'),
        ('committees', '0001_initial'),
        ('compliance', '0007_loans'),
        ('donations', '0004_committees_moved'),
    ]

    operations = [
        # The tables stay where they are (same names); only Django's idea of which app owns them moves.
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
    ]
