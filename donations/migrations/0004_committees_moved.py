"""Foreign keys now name committees.Committee / Election / Conduit: state only, the columns are unchanged."""

import django.db.models.deletion
from django.db import migrations, models

STATE_OPERATIONS = [
    migrations.AlterField(
        model_name='contribution',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='contribution',
        name='conduit',
        field=models.ForeignKey(blank=True, help_text='Set for an earmarked gift forwarded by a conduit', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='earmarked', to='committees.conduit'),
    ),
    migrations.AlterField(
        model_name='contribution',
        name='election',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.AlterField(
        model_name='donation',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='donations', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='donation',
        name='election',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.AlterField(
        model_name='donationpage',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pages', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='donationpage',
        name='default_election',
        field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.AlterField(
        model_name='donor',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='donors', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='limittotal',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='recurringgift',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recurring_gifts', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='recurringgift',
        name='election',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.election'),
    ),
    migrations.AlterField(
        model_name='refund',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='refunds', to='committees.committee'),
    ),
]


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0001_initial'),
        ('donations', '0003_desk'),
    ]

    operations = [
        # The tables stay where they are (same names); only Django's idea of which app owns them moves.
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
    ]
