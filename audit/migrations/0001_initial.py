"""AuditEvent moved here from the compliance app; its table keeps its name (compliance_auditevent)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATE_OPERATIONS = [
    migrations.CreateModel(
        name='AuditEvent',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('occurred_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ('actor_label', models.CharField(help_text='System actor when there is no user.', max_length=100)),
            ('action', models.CharField(max_length=64)),
            ('object_type', models.CharField(max_length=64)),
            ('object_id', models.CharField(max_length=64)),
            ('before', models.JSONField(blank=True, default=dict)),
            ('after', models.JSONField(blank=True, default=dict)),
            ('reason', models.TextField(blank=True, default='')),
            ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'db_table': 'compliance_auditevent',
            'ordering': ['-occurred_at'],
            'indexes': [models.Index(fields=['object_type', 'object_id'], name='compliance__object__53cfe7_idx')],
        },
    ),
]

NEW_APP = 'audit'
MOVED_MODELS = ['auditevent']


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
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (same names); only Django's idea of which app owns them moves.
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
