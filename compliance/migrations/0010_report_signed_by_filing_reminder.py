"""Reports record who signed them (set when marked filed), and filing-deadline reminders are recorded once."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0002_committee_filing_frequency'),
        ('compliance', '0009_contribution_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='signed_by',
            field=models.CharField(blank=True, default='', help_text='Who signed the filing, recorded when it is marked filed (empty: nobody has signed)', max_length=100),
        ),
        migrations.AlterField(
            model_name='report',
            name='date_signed',
            field=models.DateField(blank=True, help_text="The date on the cover (the .fec's date signed)", null=True),
        ),
        migrations.CreateModel(
            name='FilingReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('report_code', models.CharField(max_length=3)),
                ('due_date', models.DateField()),
                ('days_before', models.PositiveSmallIntegerField()),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('recipients', models.PositiveSmallIntegerField(default=0)),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.committee')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('committee', 'report_code', 'due_date', 'days_before'), name='filing_reminder_once')],
            },
        ),
    ]
