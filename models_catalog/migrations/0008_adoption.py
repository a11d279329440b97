"""The adoption app's models (taking a model into use, who uses it) join the catalogue: the
app is merged into this one.

Their tables keep the names they had (Meta.db_table). A database that had the adoption app
keeps its tables and rows: the models only enter this app's migration state, and their content
types move with them, so that permissions (the editors' group's too), the admin's log and
reversion's history follow; reversion's stored copies name the model by its label, which moves
too. A new database gets the tables here. Django ignores the adoption app's rows in
django_migrations once the app is not installed.
"""

import json

import django.core.validators
import django.db.models.deletion
import hygiene
import links.fields
import models_catalog.translation_status
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

MOVED = ["adoption", "adoptionfact"]
#: The editors' group (0002), which may edit these as the rest of the catalogue.
GROUP_NAME = "Toimittaja"


def _had_adoption_app(connection) -> bool:
    return ("adoption", "0001_initial") in MigrationRecorder(connection).applied_migrations()


def create_tables(apps, schema_editor):
    """A new database's tables; an existing one keeps the adoption app's."""
    existing = set(schema_editor.connection.introspection.table_names())
    for name in ["Adoption", "AdoptionFact"]:
        model = apps.get_model("models_catalog", name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


def drop_tables(apps, schema_editor):
    """Only the tables made here: the adoption app's stay with their rows."""
    if _had_adoption_app(schema_editor.connection):
        return
    for name in ["AdoptionFact", "Adoption"]:
        schema_editor.delete_model(apps.get_model("models_catalog", name))


def _move_content_types(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    Version = apps.get_model("reversion", "Version")
    db = schema_editor.connection.alias
    for content_type in ContentType.objects.using(db).filter(app_label=old, model__in=MOVED):
        # The new code, run before this migration (a request between a deploy and its
        # migrate), makes a content type of its own: what it labelled moves to this one.
        newcomer = ContentType.objects.using(db).filter(app_label=new, model=content_type.model)
        for model in [LogEntry, Version]:
            model.objects.using(db).filter(content_type__in=newcomer).update(
                content_type=content_type
            )
        newcomer.delete()
        content_type.app_label = new
        content_type.save(update_fields=["app_label"])
        # A stored copy names its model ("adoption.adoption"); a revert looks it up by that.
        versions = Version.objects.using(db).filter(content_type=content_type, format="json")
        for version in versions.iterator():
            data = json.loads(version.serialized_data)
            for row in data:
                row["model"] = f"{new}.{content_type.model}"
            version.serialized_data = json.dumps(data, ensure_ascii=False)
            version.save(update_fields=["serialized_data"])


def move_to_catalogue(apps, schema_editor):
    # Before permissions are made: the moved content types and their permissions are reused.
    _move_content_types(apps, schema_editor, "adoption", "models_catalog")
    app_config = apps.get_app_config("models_catalog")
    app_config.models_module = True  # historical app configs have none; the check needs one
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="models_catalog", content_type__model__in=MOVED
        )
    )


def move_back(apps, schema_editor):
    _move_content_types(apps, schema_editor, "models_catalog", "adoption")


class Migration(migrations.Migration):

    dependencies = [
        ('models_catalog', '0007_version'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
        ('admin', '0003_logentry_add_action_flag_choices'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Adoption',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation', models.CharField(blank=True, help_text='E.g. the school, health station or association that uses it.', max_length=200, verbose_name='organisation (optional)')),
                        ('since', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='in use since (year)')),
                        ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact person (optional)')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email (optional)')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for an editor'), ('approved', 'Approved: shown to readers')], default='pending', max_length=10, verbose_name='status')),
                        ('source', models.CharField(choices=[('reader', 'Reported by a reader'), ('editor', 'Added by an editor')], default='editor', max_length=10, verbose_name='source')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='reported')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='adoptions', to='models_catalog.municipality', verbose_name='municipality')),
                        ('operating_model', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adoptions', to='models_catalog.operatingmodel', verbose_name='operating model')),
                    ],
                    options={
                        'verbose_name': 'adoption',
                        'verbose_name_plural': 'adoptions: who uses a model now',
                        'db_table': 'adoption_adoption',
                        'ordering': ['operating_model', 'municipality', 'organisation'],
                        'constraints': [models.UniqueConstraint(fields=('operating_model', 'municipality', 'organisation'), name='adoption_once_per_place', violation_error_message='This use of the model has already been reported; thank you.'), models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'approved'])), name='adoption_status_valid'), models.CheckConstraint(condition=models.Q(('since__isnull', True), models.Q(('since__gte', 1990), ('since__lte', 2100)), _connector='OR'), name='adoption_since_a_year')],
                    },
                    bases=(hygiene.XmlSafeTextMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='AdoptionFact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_status', models_catalog.translation_status.StatusField(blank=True, default=dict, editable=False, help_text='Per translated text: the status of its translation and a fingerprint of the Finnish text it was made from.', verbose_name='translation status')),
                        ('aspect', models.CharField(choices=[('owner', 'Organisation behind the model'), ('contact', 'Contact person'), ('staff', 'Staff and roles'), ('training', 'Training needed to deliver it'), ('time', 'Time to get it running'), ('costs', 'Costs'), ('prerequisites', 'Prerequisites'), ('languages', 'Languages of the materials'), ('report_words', 'The report on taking it into use')], max_length=20, verbose_name='aspect')),
                        ('text', models.TextField(verbose_name='text')),
                        ('text_fi', models.TextField(null=True, verbose_name='text')),
                        ('text_sv', models.TextField(null=True, verbose_name='text')),
                        ('text_en', models.TextField(null=True, verbose_name='text')),
                        ('quoted', models.BooleanField(default=False, help_text='Shown in quotation marks: the text is quoted word for word.', verbose_name="the source's own words")),
                        ('email', models.EmailField(blank=True, help_text='Contact person only.', max_length=254, verbose_name='email')),
                        ('source', models.CharField(choices=[('report', 'The report'), ('innokyla', 'Innokylä'), ('editor', "An editor's own check")], max_length=10, verbose_name='source')),
                        ('report_part', models.CharField(blank=True, choices=[('table_2', 'table 2'), ('implementer', "the model's section, “Toteuttaja”"), ('steps', "the model's section, “Toimintamalli”"), ('challenges', "the model's section, “Haasteet ja ratkaisut”"), ('results', "the model's section, “Tulokset”"), ('reflections', 'chapter 6, reflections')], max_length=20, verbose_name='part of the report')),
                        ('step', models.PositiveSmallIntegerField(blank=True, help_text='The step quoted, in “Toimintamalli”.', null=True, verbose_name='step')),
                        ('source_url', links.fields.LinkField(blank=True, max_length=500, verbose_name='source link')),
                        ('checked_on', models.DateField(blank=True, help_text='When the editor checked it.', null=True, verbose_name='checked on')),
                        ('operating_model', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adoption_facts', to='models_catalog.operatingmodel', verbose_name='operating model')),
                    ],
                    options={
                        'verbose_name': 'fact on taking it into use',
                        'verbose_name_plural': 'taking it into use',
                        'db_table': 'adoption_adoptionfact',
                        'ordering': ['operating_model', 'aspect'],
                        'constraints': [models.UniqueConstraint(fields=('operating_model', 'aspect'), name='adoptionfact_one_per_aspect'), models.CheckConstraint(condition=models.Q(('aspect__in', ['owner', 'contact', 'staff', 'training', 'time', 'costs', 'prerequisites', 'languages', 'report_words'])), name='adoptionfact_aspect_valid'), models.CheckConstraint(condition=models.Q(('text_fi__isnull', False), models.Q(('text_fi', ''), _negated=True)), name='adoptionfact_text_not_blank'), models.CheckConstraint(condition=models.Q(('email', ''), ('aspect', 'contact'), _connector='OR'), name='adoptionfact_email_only_for_contact'), models.CheckConstraint(condition=models.Q(models.Q(('source', 'report'), models.Q(('report_part', ''), _negated=True)), ('source', 'innokyla'), models.Q(('source', 'editor'), ('checked_on__isnull', False)), _connector='OR'), name='adoptionfact_source_named')],
                    },
                    bases=(hygiene.XmlSafeTextMixin, models.Model),
                ),
            ],
        ),
        migrations.RunPython(create_tables, drop_tables),
        migrations.RunPython(move_to_catalogue, move_back),
    ]
