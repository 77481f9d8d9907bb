"""How often a committee files (quarterly or monthly), for its filing-deadline calendar."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='committee',
            name='filing_frequency',
            field=models.CharField(choices=[('quarterly', 'Quarterly (semiannual in non-election years)'), ('monthly', 'Monthly')], default='quarterly', help_text='How often the committee files (PACs, parties and presidential committees may file monthly)', max_length=10),
        ),
    ]
