"""Committee, Election, Conduit and ContributionLimit moved here from the compliance app; their tables keep
the names they had there (compliance_committee, ...), so no row moves."""

import django.core.validators
import django.db.models.deletion
import fundraising.validators
from django.db import migrations, models

STATE_OPERATIONS = [
    migrations.CreateModel(
        name='Committee',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ('updated_at', models.DateTimeField(auto_now=True)),
            ('fec_id', models.CharField(max_length=9, unique=True, validators=[django.core.validators.RegexValidator('^C\\d{8}$', 'FEC committee id is C followed by 8 digits.')])),
            ('name', models.CharField(max_length=200)),
            ('committee_type', models.CharField(choices=[('house', 'House candidate committee'), ('senate', 'Senate candidate committee'), ('presidential', 'Presidential candidate committee'), ('pac', 'PAC'), ('party', 'Party committee')], max_length=16)),
            ('street_1', models.CharField(max_length=34)),
            ('street_2', models.CharField(blank=True, default='', max_length=34)),
            ('city', models.CharField(max_length=30)),
            ('state', models.CharField(max_length=2, validators=[fundraising.validators.state_validator])),
            ('zip_code', models.CharField(max_length=10, validators=[django.core.validators.RegexValidator('^\\d{5}(-?\\d{4})?$', 'ZIP code is 5 digits or ZIP+4.')])),
            ('treasurer_last_name', models.CharField(max_length=30)),
            ('treasurer_first_name', models.CharField(max_length=20)),
            ('treasurer_middle_name', models.CharField(blank=True, default='', max_length=20)),
            ('treasurer_prefix', models.CharField(blank=True, default='', max_length=10)),
            ('treasurer_suffix', models.CharField(blank=True, default='', max_length=10)),
            ('time_zone', models.CharField(default='America/New_York', max_length=64, validators=[fundraising.validators.time_zone_validator])),
            ('election_state', models.CharField(blank=True, default='', max_length=2)),
            ('election_district', models.CharField(blank=True, default='', max_length=2, validators=[django.core.validators.RegexValidator('^\\d{2}$', 'District is two digits, e.g. 11 (00 for at-large).')])),
            ('opening_cash_on_hand', models.DecimalField(decimal_places=2, default=0, help_text='Cash on hand at opening_cash_as_of (before any report)', max_digits=14)),
            ('opening_cash_as_of', models.DateField(blank=True, null=True)),
            ('candidate_id', models.CharField(blank=True, default='', help_text='Candidate FEC id (Form 6)', max_length=9)),
            ('candidate_last_name', models.CharField(blank=True, default='', max_length=30)),
            ('candidate_first_name', models.CharField(blank=True, default='', max_length=20)),
            ('candidate_office', models.CharField(blank=True, choices=[('H', 'House'), ('S', 'Senate'), ('P', 'President')], default='', max_length=1)),
            ('conduit_memo_date', models.CharField(choices=[('disbursement', 'Conduit payout (Disbursement Date)'), ('check', 'Conduit check (Check Date)')], default='disbursement', help_text="Which conduit date is the earmark memo's date (when the committee received the money)", max_length=12)),
        ],
        options={
            'db_table': 'compliance_committee',
            'ordering': ['name'],
        },
    ),
    migrations.CreateModel(
        name='Conduit',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ('updated_at', models.DateTimeField(auto_now=True)),
            ('fec_id', models.CharField(max_length=9, unique=True, validators=[django.core.validators.RegexValidator('^C\\d{8}$', 'FEC committee id is C followed by 8 digits.')])),
            ('name', models.CharField(max_length=200)),
            ('street_1', models.CharField(max_length=34)),
            ('street_2', models.CharField(blank=True, default='', max_length=34)),
            ('city', models.CharField(max_length=30)),
            ('state', models.CharField(max_length=2, validators=[fundraising.validators.state_validator])),
            ('zip_code', models.CharField(max_length=10, validators=[django.core.validators.RegexValidator('^\\d{5}(-?\\d{4})?$', 'ZIP code is 5 digits or ZIP+4.')])),
            ('fee_payee_name', models.CharField(blank=True, default='', max_length=200)),
        ],
        options={
            'db_table': 'compliance_conduit',
        },
    ),
    migrations.CreateModel(
        name='ContributionLimit',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('cycle', models.PositiveSmallIntegerField(help_text='Even year closing the two-year cycle, e.g. 2026 for 2025–26')),
            ('recipient_type', models.CharField(choices=[('candidate', 'Candidate committee'), ('pac', 'PAC'), ('party', 'Party committee (state/district/local federal account)')], max_length=16)),
            ('contributor_type', models.CharField(help_text='donations.ContributorType value', max_length=24)),
            ('period', models.CharField(choices=[('election', 'Per election'), ('year', 'Per calendar year')], max_length=8)),
            ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
            ('source', models.CharField(blank=True, default='', max_length=200)),
        ],
        options={
            'db_table': 'compliance_contributionlimit',
            'ordering': ['-cycle', 'recipient_type', 'contributor_type'],
            'constraints': [models.UniqueConstraint(fields=('cycle', 'recipient_type', 'contributor_type'), name='contribution_limit_unique')],
        },
    ),
    migrations.CreateModel(
        name='Election',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ('updated_at', models.DateTimeField(auto_now=True)),
            ('code', models.CharField(max_length=5, validators=[django.core.validators.RegexValidator('^[GPRSCEO]\\d{4}$', 'Election code is a letter (G, P, R, S, C, E, O) and a 4-digit year.')])),
            ('date', models.DateField()),
            ('state', models.CharField(blank=True, default='', max_length=2)),
            ('district', models.CharField(blank=True, default='', max_length=2)),
            ('candidate_advanced', models.BooleanField(blank=True, help_text='Primary result: did the candidate advance to the general? (unknown: blank)', null=True)),
            ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='elections', to='committees.committee')),
        ],
        options={
            'db_table': 'compliance_election',
            'ordering': ['date'],
            'constraints': [models.UniqueConstraint(fields=('committee', 'code'), name='election_unique_code')],
        },
    ),
]

NEW_APP = 'committees'
MOVED_MODELS = ['committee', 'election', 'conduit', 'contributionlimit']


def relabel_content_types(apps, schema_editor):
    """Keep permissions and admin history attached: the moved models' content types change app, not id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if not ContentType.objects.filter(app_label=NEW_APP, model=model).exists():
            ContentType.objects.filter(app_label="compliance", model=model).update(app_label=NEW_APP)


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=NEW_APP, model__in=MOVED_MODELS).update(app_label="compliance")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('compliance', '0007_loans'),
    ]

    operations = [
        # The tables stay where they are (same names); only Django's idea of which app owns them moves.
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
