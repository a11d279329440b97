"""Made-up operating models for benchmarks: Finnish-looking, skewed like a real catalogue.

Each model draws its target groups, organisations, counties, municipalities and challenges from
the catalogue's own vocabularies, the first few of each (in a seeded order) far more often than
the rest, as in any real collection. Every one is marked `is_synthetic`, so it can be removed.
The same seed gives the same models on any database, so SQLite and PostgreSQL hold the same data.
"""

import random
from itertools import accumulate

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from . import changes
from .models import (
    ChallengeTag,
    Material,
    MaterialKind,
    Municipality,
    OperatingModel,
    Organisation,
    Project,
    Step,
    TargetGroup,
    WellbeingCounty,
)

#: Raise when a change alters what a seed generates (bench/run.py then refills its databases).
VERSION = 1
#: Synthetic models are numbered from here on, clear of the report's numbering.
FIRST_NUMBER = 1_000_001
BATCH_SIZE = 1000

PREFIXES = [
    "Hyvän mielen",
    "Mielenterveyden",
    "Arjen",
    "Yhteisöllinen",
    "Digitaalinen",
    "Liikkuva",
    "Kohtaamisen",
    "Lähimmäisen",
    "Turvallinen",
    "Osallistava",
    "Jalkautuva",
    "Matalan kynnyksen",
    "Vertaistuen",
    "Tunnetaitojen",
    "Jaksamisen",
]
NOUNS = [
    "kahvila",
    "polku",
    "verkosto",
    "koulu",
    "kioski",
    "työpaja",
    "ryhmä",
    "valmennus",
    "lähetti",
    "olohuone",
    "tupa",
    "kumppanuus",
    "passi",
    "tuokio",
    "kävely",
]
#: Places as (nominative, genitive, inessive): Finnish inflects names of towns.
PLACES = [
    ("Kuopio", "Kuopion", "Kuopiossa"),
    ("Joensuu", "Joensuun", "Joensuussa"),
    ("Oulu", "Oulun", "Oulussa"),
    ("Rovaniemi", "Rovaniemen", "Rovaniemellä"),
    ("Seinäjoki", "Seinäjoen", "Seinäjoella"),
    ("Kokkola", "Kokkolan", "Kokkolassa"),
    ("Vaasa", "Vaasan", "Vaasassa"),
    ("Pori", "Porin", "Porissa"),
    ("Turku", "Turun", "Turussa"),
    ("Lahti", "Lahden", "Lahdessa"),
    ("Kotka", "Kotkan", "Kotkassa"),
    ("Mikkeli", "Mikkelin", "Mikkelissä"),
    ("Jyväskylä", "Jyväskylän", "Jyväskylässä"),
    ("Kajaani", "Kajaanin", "Kajaanissa"),
    ("Hämeenlinna", "Hämeenlinnan", "Hämeenlinnassa"),
    ("Lappeenranta", "Lappeenrannan", "Lappeenrannassa"),
    ("Savonlinna", "Savonlinnan", "Savonlinnassa"),
    ("Iisalmi", "Iisalmen", "Iisalmessa"),
    ("Raahe", "Raahen", "Raahessa"),
    ("Tornio", "Tornion", "Torniossa"),
]
GROUPS_GENITIVE = [
    "nuorten",
    "ikäihmisten",
    "lapsiperheiden",
    "opiskelijoiden",
    "työikäisten",
    "maahanmuuttajien",
    "omaishoitajien",
    "työttömien",
    "varhaiskasvatuksen henkilöstön",
    "koulujen henkilöstön",
    "järjestöjen vapaaehtoisten",
    "sote-ammattilaisten",
]
TOPICS_PARTITIVE = [
    "mielenterveysosaamista",
    "tunnetaitoja",
    "osallisuutta",
    "vertaistukea",
    "arjen hallintaa",
    "yhteisöllisyyttä",
    "stressinhallinnan taitoja",
    "yksinäisyyden ehkäisyä",
    "päihteettömyyttä",
    "unen ja levon merkitystä",
    "itsemyötätuntoa",
    "liikunnan iloa",
    "digiosallisuutta",
    "kriisituen valmiutta",
    "palveluohjausta",
]
THEMES = [
    "Toimintamalli vahvistaa {group} {topic} {place_genitive} seudulla.",
    "Matalan kynnyksen toimintaa, joka tukee {group} {topic}.",
    "Malli tuo {group} {topic} osaksi kunnan peruspalveluita.",
]
GOALS = [
    "Tavoitteena on lisätä {group} {topic} ja madaltaa avun hakemisen kynnystä.",
    "Tavoitteena on vahvistaa {group} {topic} sekä ammattilaisten yhteistyötä.",
    "Tavoitteena on, että {group} {topic} tuetaan jo ennen kuin ongelmat kasautuvat.",
]
CHALLENGES = [
    "Haasteena oli kohderyhmän tavoittaminen; ratkaisuksi tuotiin toiminta {place_genitive} kirjastoon.",  # noqa: E501
    "Työntekijöiden vaihtuvuus hidasti työtä; ratkaisuna oli yhteinen perehdytysmateriaali.",
    "Aikataulut venyivät; kumppaneiden kanssa sovittiin kevyemmästä tapaamisrytmistä.",
    "Kumppaneiden sitoutuminen vaihteli, joten vastuuhenkilöt nimettiin jokaiseen kuntaan.",
]
RESULTS = [
    "Toimintaan osallistui noin {count} henkilöä, ja palaute oli myönteistä.",
    "Koulutuksiin osallistui {count} työntekijää; {percent} % koki osaamisensa vahvistuneen.",
    "Malli juurtui osaksi {place_genitive} hyvinvointityötä, ja sitä levitetään naapurikuntiin.",
]
STEPS = [
    "Kartoitetaan {group} tarpeet yhdessä kuntalaisten ja järjestöjen kanssa.",
    "Koulutetaan ohjaajat, jotka vahvistavat {group} {topic}.",
    "Sovitaan vastuut, tilat ja aikataulu kumppaneiden kanssa.",
    "Viestitään toiminnasta kunnan kanavissa ja {place_genitive} paikallislehdessä.",
    "Järjestetään ryhmätapaamiset, joissa harjoitellaan {topic}.",
    "Kerätään palaute osallistujilta ja ohjaajilta.",
    "Arvioidaan tulokset ja päätetään toiminnan jatkosta.",
    "Juurrutetaan malli osaksi hyvinvointisuunnitelmaa ja -kertomusta.",
]
MATERIALS = [
    "Ohjaajan opas",
    "Esittelyvideo",
    "Tapaamisten runko",
    "Palautekysely",
    "Viestintäpaketti",
    "Koulutusmateriaali",
]
#: Material kinds, most common first.
KIND_WEIGHTS = {
    MaterialKind.WEB_PAGE: 8,
    MaterialKind.GUIDE: 5,
    MaterialKind.VIDEO: 3,
    MaterialKind.TOOL: 2,
    MaterialKind.VIDEO_PLAYLIST: 1,
}


class Skewed:
    """Draws from a vocabulary in a seeded order, the k-th item with weight 1 / k^1.1."""

    def __init__(self, rng: random.Random, items):
        self.rng = rng
        self.items = list(items)
        rng.shuffle(self.items)
        self.cumulative = list(accumulate(1 / (k + 1) ** 1.1 for k in range(len(self.items))))

    def sample(self, low: int, high: int):
        wanted = min(self.rng.randint(low, high), len(self.items))
        chosen = []
        while len(chosen) < wanted:
            item = self.rng.choices(self.items, cum_weights=self.cumulative)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen


def remove_synthetic(using: str = "default") -> int:
    """Delete every synthetic model with its steps, materials and links; return how many.

    Straight deletes: row by row, with their signals, a hundred thousand models take minutes.
    """
    synthetic = OperatingModel.objects.using(using).filter(is_synthetic=True)
    pks = list(synthetic.values_list("pk", flat=True))
    with transaction.atomic(using=using):
        for start in range(0, len(pks), BATCH_SIZE):
            batch = pks[start : start + BATCH_SIZE]
            for part in (Step, Material):
                part.objects.using(using).filter(operating_model__in=batch)._raw_delete(using)
            for field in OperatingModel._meta.local_many_to_many:
                field.remote_field.through.objects.using(using).filter(
                    **{f"{field.m2m_field_name()}__in": batch}
                )._raw_delete(using)
            OperatingModel.objects.using(using).filter(pk__in=batch)._raw_delete(using)
        # Raw deletes announce nothing: the one write path forgets them on commit.
        changes.note(using, pks)
    return len(pks)


def generate_synthetic(count: int, seed: int = 2026, using: str = "default", progress=None):
    """Replace the database's synthetic models with `count` new ones; return how many."""
    rng = random.Random(seed)
    vocabularies = {
        "projects": Skewed(rng, Project.objects.using(using).order_by("pk")),
        "organisations": Skewed(rng, Organisation.objects.using(using).order_by("pk")),
        "counties": Skewed(rng, WellbeingCounty.objects.using(using).order_by("pk")),
        "municipalities": Skewed(rng, Municipality.objects.using(using).order_by("pk")),
        "groups": Skewed(rng, TargetGroup.objects.using(using).order_by("pk")),
        "challenges": Skewed(rng, ChallengeTag.objects.using(using).order_by("pk")),
    }
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    with transaction.atomic(using=using), translation.override("fi"):
        remove_synthetic(using)
        for start in range(0, count, BATCH_SIZE):
            serials = range(start + 1, min(start + BATCH_SIZE, count) + 1)
            drafts = [_draft(rng, serial, vocabularies, kinds, kind_weights) for serial in serials]
            _insert(drafts, using)
            if progress:
                progress(serials[-1])
    return count


def _draft(rng, serial, vocabularies, kinds, kind_weights):
    place, place_genitive, place_inessive = rng.choice(PLACES)

    def fill(template):
        return template.format(
            group=rng.choice(GROUPS_GENITIVE),
            topic=rng.choice(TOPICS_PARTITIVE),
            place=place,
            place_genitive=place_genitive,
            place_inessive=place_inessive,
            count=rng.randint(20, 2000),
            percent=rng.randint(50, 98),
        )

    name = f"{rng.choice(PREFIXES)} {rng.choice(NOUNS)} {place} {serial}"
    project = vocabularies["projects"].sample(1, 1)[0]
    organisations = vocabularies["organisations"].sample(1, 3)
    model = OperatingModel(
        number=FIRST_NUMBER + serial,
        name=name,
        slug=slugify(name),
        theme=fill(rng.choice(THEMES)),
        target_group_text=fill("{group} ja heidän läheistensä hyvinvointi").capitalize(),
        work_target_group_text=fill("{group} kanssa työskentelevät ammattilaiset").capitalize(),
        benefit_target_group_text=fill("{group} arki {place_inessive}").capitalize(),
        goals=" ".join(fill(rng.choice(GOALS)) for _ in range(rng.randint(1, 3))),
        challenges_and_solutions=" ".join(rng.sample(CHALLENGES, rng.randint(1, 3))).format(
            place_genitive=place_genitive
        ),
        results=fill(rng.choice(RESULTS)),
        innokyla_url=f"https://www.innokyla.fi/fi/toimintamalli/{slugify(name)}",
        implementer_text=", ".join(str(organisation) for organisation in organisations),
        area_text=place,
        project=project,
        is_synthetic=True,
    )
    steps = [
        Step(number=number, text=fill(template))
        for number, template in enumerate(sorted(rng.sample(STEPS, rng.randint(3, 8))), 1)
    ]
    materials = [
        Material(
            order=order,
            title=f"{title}: {name}",
            url=f"https://www.innokyla.fi/fi/materiaali/{slugify(name)}-{order}",
            kind=rng.choices(kinds, weights=kind_weights)[0],
        )
        for order, title in enumerate(rng.sample(MATERIALS, rng.randint(1, 4)), 1)
    ]
    groups = vocabularies["groups"]
    relations = {
        "organisations": organisations,
        "counties": vocabularies["counties"].sample(1, 2),
        "municipalities": vocabularies["municipalities"].sample(0, 1),
        "work_target_groups": groups.sample(1, 2),
        "benefit_target_groups": groups.sample(1, 3),
        "challenges": vocabularies["challenges"].sample(0, 3),
    }
    return model, steps, materials, relations


def _insert(drafts, using):
    models = OperatingModel.objects.using(using).bulk_create([model for model, *_ in drafts])
    if models[0].pk is None:  # backends that do not return keys from bulk inserts
        by_number = dict(
            OperatingModel.objects.using(using)
            .filter(number__in=[model.number for model in models])
            .values_list("number", "pk")
        )
        for model in models:
            model.pk = by_number[model.number]
    steps, materials = [], []
    links = {name: [] for name in drafts[0][3]}
    target_fields = {
        name: OperatingModel._meta.get_field(name).m2m_reverse_field_name() for name in links
    }
    for model, model_steps, model_materials, relations in drafts:
        for part in (*model_steps, *model_materials):
            part.operating_model = model
        steps += model_steps
        materials += model_materials
        for name, targets in relations.items():
            through = getattr(OperatingModel, name).through
            links[name] += [
                through(operatingmodel_id=model.pk, **{f"{target_fields[name]}_id": target.pk})
                for target in targets
            ]
    Step.objects.using(using).bulk_create(steps)
    Material.objects.using(using).bulk_create(materials)
    for name, rows in links.items():
        getattr(OperatingModel, name).through.objects.using(using).bulk_create(rows)
