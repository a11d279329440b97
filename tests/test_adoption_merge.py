"""The adoption app was merged into the catalogue (models_catalog 0008): a database made before
the merge keeps its rows, and its permissions, admin log and history follow the models."""

import json
import os

from tests.servers import manage, own_database

# A database made before the merge has the adoption app's migrations recorded; unapplying
# 0008 then leaves what that app left: its tables with their rows, its content types.
RECORD_THE_ADOPTION_APP = """
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
for name in ["0001_initial", "0002_editors_may_edit_adoption"]:
    MigrationRecorder(connection).record_applied("adoption", name)
"""

# Written as the adoption app wrote them: history and log under its content type and label.
OLD_ROWS = """
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.utils import timezone
from reversion.models import Revision, Version
from models_catalog.models import Adoption, Municipality, OperatingModel
old_type = ContentType.objects.get(app_label="adoption", model="adoption")
# The new code, run before the migration, has a content type of its own.
ContentType.objects.get_for_model(Adoption)
adoption = Adoption.objects.create(
    operating_model=OperatingModel.objects.get(number=1),
    municipality=Municipality.objects.get(slug="tampere"),
    organisation="Koulu",
    status="approved",
)
editor = User.objects.create_user("toimittaja", is_staff=True)
editor.groups.add(Group.objects.get(name="Toimittaja"))
LogEntry.objects.create(
    user=editor, content_type=old_type, object_id=str(adoption.pk),
    object_repr=str(adoption), action_flag=CHANGE,
)
data = serializers.serialize("json", [adoption])
Version.objects.create(
    revision=Revision.objects.create(date_created=timezone.now(), user=editor),
    object_id=str(adoption.pk), content_type=old_type, db="default", format="json",
    serialized_data=data.replace('"models_catalog.adoption"', '"adoption.adoption"'),
    object_repr=str(adoption),
)
print(old_type.pk)
"""

AFTER = """
import json
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version
from models_catalog.models import Adoption, AdoptionFact
editor = User.objects.get(username="toimittaja")
adoption = Adoption.objects.get(organisation="Koulu")
version = Version.objects.get_for_object(adoption).get()
Adoption.objects.filter(pk=adoption.pk).update(organisation="Muutettu")
version.revert()
print(json.dumps({
    "facts": AdoptionFact.objects.count(),
    "type": ContentType.objects.get_for_model(Adoption).pk,
    "types_left": ContentType.objects.filter(app_label="adoption").count(),
    "may_approve": editor.has_perm("models_catalog.change_adoption"),
    "may_edit_facts": editor.has_perm("models_catalog.change_adoptionfact"),
    "logged": LogEntry.objects.get().get_edited_object().pk == adoption.pk,
    "reverted": Adoption.objects.get(pk=adoption.pk).organisation,
}))
"""


def test_a_database_from_before_the_merge_keeps_its_adoptions_permissions_and_history(
    tmp_path,
):
    with own_database(tmp_path) as database_url:
        env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
        env.update(DJANGO_SETTINGS_MODULE="mito.settings.test", DATABASE_URL=database_url)
        manage(env, "migrate", "-v0")
        manage(env, "load_catalogue")
        manage(env, "shell", "-c", RECORD_THE_ADOPTION_APP)
        manage(env, "migrate", "models_catalog", "0007_version", "-v0")
        old_type = int(manage(env, "shell", "-c", OLD_ROWS).stdout.split()[-1])

        manage(env, "migrate", "-v0")

        after = json.loads(manage(env, "shell", "-c", AFTER).stdout.splitlines()[-1])
    assert after == {
        "facts": 52,  # the fixture's, loaded before the merge
        "type": old_type,
        "types_left": 0,
        "may_approve": True,
        "may_edit_facts": True,
        "logged": True,
        "reverted": "Koulu",
    }
