"""Changes to what an operating model shows, made each way an editor or a tool can make them.

Each takes the model and returns a text that its representations (API documents, CSV rows)
show before the change and not after, or after and not before.
"""

from models_catalog.models import OperatingModel, Organisation, Step, TargetGroup, WellbeingCounty


def rename_model(model):
    model.name_fi = "Uusi nimi"
    model.save()
    return "Uusi nimi"


def rename_model_in_bulk(model):
    OperatingModel.objects.filter(pk=model.pk).update(theme_fi="Uusi teema")
    return "Uusi teema"


def rename_organisation(model):
    organisation = model.organisations.first()
    organisation.name_fi = "Uusi järjestäjä"
    organisation.save()
    return "Uusi järjestäjä"


def rename_organisation_in_bulk(model):
    Organisation.objects.filter(pk=model.organisations.first().pk).update(
        name_fi="Toinen järjestäjä"
    )
    return "Toinen järjestäjä"


def rename_target_group_in_bulk(model):
    TargetGroup.objects.filter(pk=model.work_target_groups.first().pk).update(
        name_fi="Uusi kohderyhmä"
    )
    return "Uusi kohderyhmä"


def rewrite_step_in_bulk(model):
    Step.objects.filter(operating_model=model, number=1).update(text_fi="Uusi ensimmäinen vaihe")
    return "Uusi ensimmäinen vaihe"


def drop_a_material(model):
    title = model.materials.first().title_fi
    model.materials.first().delete()
    return title


def add_a_county(model):
    county = WellbeingCounty.objects.exclude(operating_models=model).first()
    model.counties.add(county)
    return county.name_fi


EVERY_KIND = [
    rename_model,
    rename_model_in_bulk,
    rename_organisation,
    rename_organisation_in_bulk,
    rename_target_group_in_bulk,
    rewrite_step_in_bulk,
    drop_a_material,
    add_a_county,
]
