"""Foreign keys now name committees.Committee: state only, the columns are unchanged."""

import django.db.models.deletion
from django.db import migrations, models

STATE_OPERATIONS = [
    migrations.AlterField(
        model_name='apitoken',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='api_tokens', to='committees.committee'),
    ),
    migrations.AlterField(
        model_name='committeemembership',
        name='committee',
        field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='committees.committee'),
    ),
]


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_staff_access'),
        ('committees', '0001_initial'),
    ]

    operations = [
        # The tables stay where they are (same names); only Django's idea of which app owns them moves.
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
    ]
