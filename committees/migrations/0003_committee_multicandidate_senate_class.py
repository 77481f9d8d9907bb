"""The qualified (multicandidate) committee flag (Form 3X cover, 11 CFR 100.5(e)(3)) and a Senate seat's class,
which fixes its six-year election cycle (11 CFR 100.3(b)). Both safe for a rolling deploy: a db_default and a
nullable column."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0002_committee_filing_frequency'),
    ]

    operations = [
        migrations.AddField(
            model_name='committee',
            name='multicandidate',
            field=models.BooleanField(db_default=False, default=False, help_text='Qualified (multicandidate) committee, 11 CFR 100.5(e)(3): registered 6+ months, 50+ contributors, 5+ federal candidates supported. Sets the Form 3X cover box and the $5,000 limit it gives candidates'),
        ),
        migrations.AddField(
            model_name='committee',
            name='senate_class',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Class I (2024, 2030, …)'), (2, 'Class II (2026, 2032, …)'), (3, 'Class III (2028, 2034, …)')], help_text="Senate seat class: which general election ends the six-year cycle (11 CFR 100.3(b))", null=True),
        ),
    ]
