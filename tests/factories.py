"""Ad-hoc data for tests; the real catalogue comes from the fixtures."""

import factory

from models_catalog.models import (
    Material,
    OperatingModel,
    Organisation,
    Project,
    Step,
    TargetGroup,
    WellbeingCounty,
)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Testihanke {n}")
    slug = factory.Sequence(lambda n: f"testihanke-{n}")
    implementer_text = "Testikunta"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testijärjestö {n} ry")
    slug = factory.Sequence(lambda n: f"testijarjesto-{n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Kohderyhmä {n}")
    slug = factory.Sequence(lambda n: f"kohderyhma-{n}")


class WellbeingCountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingCounty

    name = factory.Sequence(lambda n: f"Testimaa {n}")
    official_name = factory.Sequence(lambda n: f"Testimaan {n} hyvinvointialue")
    slug = factory.Sequence(lambda n: f"testimaa-{n}")


class OperatingModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatingModel
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: 1000 + n)
    name = factory.Sequence(lambda n: f"Testimalli {n}")
    slug = factory.Sequence(lambda n: f"testimalli-{n}")
    theme = "Mielen hyvinvoinnin tukeminen arjessa."
    work_target_group_text = "Kunnan työntekijät"
    benefit_target_group_text = "Kuntalaiset"
    target_group_text = "Kuntalaiset ja kunnan työntekijät."
    goals = "Vahvistetaan mielenterveysosaamista."
    challenges_and_solutions = "Aikataulut; ratkaisuna etätapaamiset."
    results = "Osaaminen vahvistui."
    innokyla_url = factory.Sequence(lambda n: f"https://innokyla.fi/fi/toimintamalli/testi-{n}")
    implementer_text = "Testikunta"
    area_text = "Testimaa"
    project = factory.SubFactory(ProjectFactory)

    @factory.post_generation
    def with_relations(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.organisations.add(OrganisationFactory())
        obj.counties.add(WellbeingCountyFactory())
        group = TargetGroupFactory()
        obj.work_target_groups.add(group)
        obj.benefit_target_groups.add(group)
        for number in (1, 2, 3):
            Step.objects.create(operating_model=obj, number=number, text=f"Vaihe {number}.")
        Material.objects.create(
            operating_model=obj,
            order=1,
            title="Opas",
            url="https://example.org/opas.pdf",
            kind=Material.Kind.GUIDE,
        )
