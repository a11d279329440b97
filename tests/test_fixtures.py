"""The real catalogue, as loaded from fixtures/, checked against the THL report."""

import pytest

from models_catalog.models import (
    GlossaryTerm,
    Material,
    OperatingModel,
    Organisation,
    Project,
    Source,
    Step,
    TargetGroup,
    WellbeingCounty,
)
from trainings.models import Figure, MethodTraining, TrainingCategory

pytestmark = pytest.mark.django_db

# The report's chapter 2: the number of steps under "Toimintamalli" of each model.
REPORT_STEP_COUNTS = {
    1: 3, 2: 6, 3: 4, 4: 4, 5: 3, 6: 4, 7: 3, 8: 3,
    9: 4, 10: 3, 11: 5, 12: 4, 13: 5, 14: 5, 15: 4,
}  # fmt: skip

REPORT_MODEL_NAMES = {
    1: "Digimieli – digitaalisesti apua ahdistukseen",
    2: "Hyvän mielen kunta",
    3: "Hyvinvointilähetti",
    4: "Hyvinvointipiste terveysasemalla",
    5: "Itsenäisesti asuvien nuorten mielen hyvinvoinnin edistämisen ekosysteemi",
    6: "Lasten ja nuorten hyvinvointia edistävä MITOKE-malli",
    7: "Kokemusasiantuntijatyöskentely sosiaalipalveluissa",
    8: "Koulutuksesta tukea pakolaisten mielenterveyden edistämiseen",
    9: "Mielen hyvinvoinnin vahvistaminen iäkkäiden palveluissa",
    10: "Mielenterveystaidot mielen hyvinvoinnin tukena -salkku",
    11: "Mielenterveysosaamisen johtaminen",
    12: "Mielenterveysosaamisen koordinointimalli",
    13: "Mielikioski",
    14: "Omaishoitajien mielen hyvinvointi puheeksi",
    15: "Opastava perhetyö",
}

# Every link of the report's model sections (Innokylä and materials), as clean URLs.
REPORT_MODEL_LINKS = {
    "https://innokyla.fi/fi/toimintamalli/digimieli-digitaalisesti-apua-ahdistukseen",
    "http://www.digimieli.hel.fi",
    "https://innokyla.fi/fi/toimintamalli/hyvan-mielen-kunta-toimintamalli",
    "http://www.hyvanmielenkunta.fi",
    "https://innokyla.fi/fi/toimintamalli/hyvinvointilahete-ja-lahetti-tukena-covid-19-pandemian-jalkeisessa-arjessa",
    "http://www.hyvinvointilahete.fi",
    "https://innokyla.fi/fi/toimintamalli/yhdistyskentta-ammattilaisen-ja-asiakkaan-tukena-koulutus",
    "https://www.pksotu.fi/yhdistyskentta-sote-ammattilaisen-ja-asiakkaan-tukena/",
    "https://innokyla.fi/fi/toimintamalli/itsenaisesti-asuvien-nuorten-mielen-hyvinvoinnin-edistamisen-ekosysteemi",
    "https://tampere.visualisoinnit.fi/itsenaisesti-asuvat-nuoret/",
    "https://www.tampere.fi/organisaatio/tampere-junior-kehitysohjelma/itsenaisesti-asuvat-nuoret",
    "https://innokyla.fi/fi/toimintamalli/mielenterveyden-kehittaminen-ja-osaaminen-yhteistoiminnalliset-keskustelutilaisuudet",
    "https://www.youtube.com/watch?v=KHn2dVOY0A0",
    "https://innokyla.fi/fi/toimintamalli/kokemusasiantuntijatyoskentely-sosiaalipalveluissa",
    "https://www.youtube.com/watch?v=qAfj9V-iRdo",
    "https://innokyla.fi/fi/toimintamalli/koulutuksesta-tukea-pakolaisten-mielenterveyden-edistamiseen",
    "https://innokyla.fi/sites/default/files/2023-11/Pakolaistaustaisen%20perheen%20vanhemmuuden%20tukeminen%20-%20tietoa%20ty%C3%B6ntekij%C3%A4lle.pdf",
    "https://innokyla.fi/fi/toimintamalli/mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa",
    "https://www.ikainstituutti.fi/content/uploads/2022/12/MIELEN_HYVINVOINTI_OPAS_saavutettava.pdf",
    "https://www.ikainstituutti.fi/content/uploads/2022/12/TAITOPAKKA_Saavutettava.pdf",
    "https://www.ikainstituutti.fi/content/uploads/2022/12/MIELEN-TAIJOJEN-KORTIT_saavutettava.pdf",
    "https://innokyla.fi/fi/toimintamalli/mielenterveystaidot-mielen-hyvinvoinnin-tukena-salkku",
    "https://www.ekhva.fi/asiakkaalle/tarvitsetko-apua/voi-hyvin/hyva-mieli/hyvan-mielen-taidot/",
    "https://www.youtube.com/playlist?list=PLtxUnpqBJaupufdOWkRDqv1kekpI99Cp0",
    "https://innokyla.fi/fi/toimintamalli/mielenterveysosaamisen-johtaminen",
    "https://innokyla.fi/sites/default/files/2023-08/Mielenterveysosaamisen%20johtamisen%20toimintamallin%20k%C3%A4sikirja.pdf",
    "https://innokyla.fi/fi/toimintamalli/koordinointimalli-mielenterveysosaamisen-vahvistaminen",
    "https://www.youtube.com/watch?v=QPU2E6ljZkc&t=85s",
    "https://innokyla.fi/fi/toimintamalli/mielikioski",
    "https://www.youtube.com/watch?v=aVOFw0a-IV4&t=4s",
    "https://innokyla.fi/fi/toimintamalli/omaishoitajien-mielen-hyvinvointi-puheeksi",
    "https://omaishoitajat.fi/wp-content/uploads/2023/05/Opas-omaishoitajia_kohtaaville_ammattilaisille_web.pdf",
    "https://innokyla.fi/fi/toimintamalli/opastava-perhetyo-kynnyksetonta-tukea-kuormitusta-kokeville-perheille",
    "https://innokyla.fi/sites/default/files/2023-03/Pokka-kysely.pdf",
}

# The report's other links: its own URN, the Innokylä collection, its references, table 1.
REPORT_OTHER_LINKS = {
    "http://urn.fi/URN:ISBN:978-952-408-237-2",
    "https://innokyla.fi/fi/kokonaisuus/mielenterveyden-edistaminen-ja-osaamisen-vahvistaminen",
    "http://urn.fi/URN:ISBN:978-952-00-4139-7",
    "https://urn.fi/URN:ISBN:978-952-343-990-0",
    "https://stm.fi/rahoitus-ja-avustukset/valtionavustukset/vuoden-2020-valtionavustushaut",
    "https://thl.fi/fi/web/mielenterveys",
    "http://Thl.fi/mielenterveys",
}


def model_numbers(queryset):
    return sorted(queryset.values_list("number", flat=True))


def test_exactly_the_fifteen_models_of_the_report():
    names = dict(OperatingModel.objects.values_list("number", "name"))
    assert names == REPORT_MODEL_NAMES
    assert OperatingModel.objects.published().count() == 15


def test_each_model_has_every_section_of_the_report(catalogue):
    for model in catalogue.values():
        assert model.innokyla_url.startswith("https://innokyla.fi/fi/toimintamalli/")
        for text in (
            model.theme,
            model.target_group_text,
            model.work_target_group_text,
            model.benefit_target_group_text,
            model.goals,
            model.challenges_and_solutions,
            model.results,
            model.implementer_text,
            model.area_text,
        ):
            assert text.strip(), model
        assert model.materials.exists(), model
        assert model.organisations.exists(), model
        assert model.counties.exists(), model
        assert model.work_target_groups.exists(), model
        assert model.benefit_target_groups.exists(), model


def test_each_model_has_as_many_steps_as_the_report(catalogue):
    counts = {number: model.steps.count() for number, model in catalogue.items()}
    assert counts == REPORT_STEP_COUNTS


def test_steps_are_numbered_from_one_without_gaps(catalogue):
    for model in catalogue.values():
        numbers = list(model.steps.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_link_of_the_report_is_in_the_catalogue():
    model_links = set(OperatingModel.objects.values_list("innokyla_url", flat=True))
    model_links |= set(Material.objects.values_list("url", flat=True))
    assert model_links == REPORT_MODEL_LINKS
    other_links = set(Source.objects.values_list("url", flat=True))
    other_links |= set(
        GlossaryTerm.objects.exclude(source_url="").values_list("source_url", flat=True)
    )
    assert other_links == REPORT_OTHER_LINKS


def test_no_link_keeps_the_conversions_escaped_underscores():
    urls = list(Material.objects.values_list("url", flat=True))
    assert not [url for url in urls if "\\" in url]
    assert sum("_" in url for url in urls) == 4


def test_material_kinds_follow_the_report(catalogue):
    kinds = {
        (model.number, material.order): material.kind
        for model in catalogue.values()
        for material in model.materials.all()
    }
    videos = {key for key, kind in kinds.items() if kind == Material.Kind.VIDEO}
    assert videos == {(6, 1), (7, 1), (12, 1), (13, 1)}
    assert kinds[(10, 2)] == Material.Kind.VIDEO_PLAYLIST
    pdfs = {key for key in kinds if catalogue[key[0]].materials.get(order=key[1]).is_pdf}
    assert pdfs == {(8, 1), (9, 1), (9, 2), (9, 3), (11, 1), (14, 1), (15, 1)}


def test_all_21_wellbeing_services_counties_and_helsinki_exist():
    assert WellbeingCounty.objects.filter(kind=WellbeingCounty.Kind.COUNTY).count() == 21
    assert list(WellbeingCounty.objects.filter(kind=WellbeingCounty.Kind.CITY)) == [
        WellbeingCounty.objects.get(name="Helsinki")
    ]


@pytest.mark.parametrize(
    ("county", "numbers"),
    [
        ("Pirkanmaa", [5, 8, 13]),
        ("Pohjois-Pohjanmaa", [14, 15]),
        ("Helsinki", [1, 8]),
        ("Länsi-Uusimaa", [8, 9]),
        ("Keski-Uusimaa", [8, 9]),
        ("Pohjois-Savo", [8]),
        ("Kainuu", [2]),
        ("Lappi", [3]),
        ("Pohjois-Karjala", [4]),
        ("Kymenlaakso", [6]),
        ("Etelä-Pohjanmaa", [7]),
        ("Etelä-Karjala", [10]),
        ("Päijät-Häme", [11]),
        ("Keski-Pohjanmaa", [12]),
        ("Satakunta", []),
    ],
)
def test_region_links_follow_the_reports_areas(county, numbers):
    county = WellbeingCounty.objects.get(name=county)
    assert model_numbers(county.operating_models.all()) == numbers


def test_municipalities_named_by_the_report(catalogue):
    municipalities = {
        number: sorted(model.municipalities.values_list("name", flat=True))
        for number, model in catalogue.items()
        if model.municipalities.exists()
    }
    assert municipalities == {
        1: ["Helsinki"],
        3: ["Sodankylä"],
        5: ["Tampere"],
        6: ["Hamina"],
        7: ["Kurikka"],
        13: ["Ylöjärvi"],
        14: ["Oulu"],
        15: ["Oulu"],
    }
    for model in catalogue.values():
        for municipality in model.municipalities.all():
            assert municipality.county in model.counties.all()


def test_organisations_are_shared_between_models():
    mieli = Organisation.objects.get(name="Mieli ry")
    assert model_numbers(mieli.operating_models.all()) == [2, 8, 10]
    assert Organisation.objects.filter(name="Mieli ry").count() == 1


def test_each_model_has_the_project_the_report_names(catalogue):
    assert catalogue[8].project.name.endswith("PASEK-hanke")
    assert catalogue[14].project.name == "Miten jaksat omaishoitaja? -hanke"
    assert Project.objects.count() == 15
    assert all(project.operating_models.count() == 1 for project in Project.objects.all())


def test_the_innokyla_project_page_is_linked_to_model_11(catalogue):
    project = catalogue[11].project
    assert project.full_title == (
        "Yhdessä mielessä- mielenterveysosaaminen paikalliseksi pääomaksi 2020-2023"
    )
    assert project.funder == "Sosiaali- ja terveysministeriö (STM)"
    assert project.contact_name == "Milla Rantakari"
    assert project.contact_email == "milla.rantakari@paijatha.fi"
    assert project.author == "Heli Kuitunen"
    assert project.innokyla_created.isoformat() == "2022-02-16"
    assert project.innokyla_modified.isoformat() == "2022-12-19"
    assert (project.start_year, project.end_year) == (2021, 2023)
    assert "12 omistajakuntaa" in project.actors
    assert "Tavoite 2" in project.main_goals
    assert "Tutkimusraportti" in project.expected_results
    assert "LAPE-muutosohjelma" in project.starting_point


def test_target_groups_in_both_roles(catalogue):
    carers = TargetGroup.objects.get(slug="omaishoitajat")
    refugees = TargetGroup.objects.get(slug="pakolaiset-ja-maahanmuuttajat")
    assert model_numbers(carers.benefit_operating_models.all()) == [14]
    assert model_numbers(refugees.benefit_operating_models.all()) == [8]
    assert model_numbers(refugees.work_operating_models.all()) == [8]
    families = TargetGroup.objects.get(slug="perheet")
    assert model_numbers(families.benefit_operating_models.all()) == [15]
    # The report's own wording stays beside the tags.
    assert catalogue[14].benefit_target_group_text == "Omaishoitajat"


def test_glossary_holds_the_concepts_of_table_1():
    assert list(GlossaryTerm.objects.values_list("term", flat=True)) == [
        "Mielenterveyden edistäminen",
        "Mielenterveysjohtaminen",
        "Mielenterveysosaaminen",
        "Positiivinen mielenterveys ja mielen hyvinvointi",
    ]


@pytest.mark.parametrize(
    ("slug", "value", "value_max", "unit", "approximate", "lower_bound"),
    [
        ("koulutukset-yhteensa", 630, None, "trainings", True, False),
        ("osallistujat-yhteensa", 22800, None, "participants", True, False),
        ("menetelmakoulutukset-lukumaara", 383, None, "trainings", True, False),
        ("menetelmakoulutukset-osallistujat", 12800, None, "participants", True, False),
        ("tyopajat-lukumaara", 240, None, "trainings", True, False),
        ("tyopajat-osallistujat", 8500, None, "participants", True, False),
        ("avoimet-seminaarit-lukumaara", 41, None, "trainings", True, False),
        ("avoimet-seminaarit-osallistujat", 2660, None, "participants", True, False),
        ("viestinta-tavoitetut-henkilot", 280000, None, "people", False, True),
        ("viestinta-kyselyyn-vastanneet-hankkeet", 11, None, "projects", False, False),
        ("hanketuki-tilaisuudet", 32, None, "events", True, False),
        ("hanketuki-infokirjeen-vastaanottajat", 100, None, "people", True, False),
        ("hanketuki-teams-kanava", 120, None, "people", True, False),
        ("hanketuki-webinaarien-yleiso", 100, 500, "people", True, False),
    ],
)
def test_training_figures_read_back_as_reported(
    slug, value, value_max, unit, approximate, lower_bound
):
    figure = Figure.objects.get(slug=slug)
    assert (figure.value, figure.value_max, figure.unit) == (value, value_max, unit)
    assert (figure.is_approximate, figure.is_lower_bound) == (approximate, lower_bound)
    assert figure.source_text


def test_reported_totals_are_kept_although_categories_do_not_add_up():
    totals = {figure.unit: figure.value for figure in Figure.objects.filter(is_reported_total=True)}
    assert totals == {"trainings": 630, "participants": 22800}
    for unit, total in totals.items():
        category_sum = sum(
            Figure.objects.filter(category__isnull=False, unit=unit).values_list("value", flat=True)
        )
        assert category_sum != total  # 664 trainings and 23 960 participants in the categories
    assert TrainingCategory.objects.count() == 3
    assert all(category.figures.count() == 2 for category in TrainingCategory.objects.all())


def test_named_method_trainings():
    trainings = list(MethodTraining.objects.values_list("name", "full_name"))
    assert trainings == [
        ("Mielen terveyden ensiapu 1", ""),
        ("Fun friends", ""),
        ("TRT-menetelmäkoulutus", "Teaching Recovery Techniques"),
    ]


def test_conversion_typos_are_fixed_in_the_prose(catalogue):
    texts = " ".join(Step.objects.values_list("text", flat=True))
    for model in catalogue.values():
        texts += " ".join([model.target_group_text, model.goals, model.results])
    for typo in ("Ammatilainen", "ihmishuhdetaidot", "Työkäiset", "päihdeiden", "anonymia"):
        assert typo not in texts
