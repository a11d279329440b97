"""Writes fixtures/adoption.json: what the sources say on taking each model into use.

Run once by hand (`python models_catalog/data/build_facts.py`, then `load_catalogue` and
`export_catalogue` for the file's canonical form); the fixture is then the data, edited in the
admin, and this script is kept as the record of how it was read. Every quotation is checked to
be, word for word, in the model's Finnish text of the part it names (the fixtures are the
report's text with its conversion typos fixed), so nothing here says more than the report.
Swedish and English are translations made for the catalogue, marked unreviewed; where a
quotation is a whole step, the step's own translations are used.
"""

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

PART_FIELD = {"challenges": "challenges_and_solutions_fi", "results": "results_fi"}

# (model slug, aspect, part, step, fi, sv, en); sv/en None: the whole step's translations.
FACTS = [
    ("digimieli", "training", "steps", 1, None, None, None),
    (
        "digimieli",
        "report_words",
        "results",
        None,
        "Ammattilaiset ovat kokeneet, että niin yksilö- kuin ryhmämalli on ollut helppo ottaa "
        "käyttöön ja ryhmämalli on jalkautunut kaupungin toimintamalliksi.",
        "Yrkespersonerna har upplevt att både individ- och gruppmodellen har varit lätta att ta "
        "i bruk, och gruppmodellen har blivit stadens verksamhetsmodell.",
        "Professionals have found both the individual and the group model easy to take into "
        "use, and the group model has become the city's operating model.",
    ),
    ("hyvan-mielen-kunta", "prerequisites", "steps", 1, None, None, None),
    (
        "hyvan-mielen-kunta",
        "report_words",
        "results",
        None,
        "Loppukartoituksen mukaan kuntien avainhenkilöiden tietoisuus mielenterveyteen "
        "vaikuttavista asioista kasvoi (93 % vastaajista), mielenterveyden edistäminen "
        "kirjattiin kunnan asiakirjoihin (64 % vastaajista) ja hankkeen työkaluja "
        "(tarkistuslista, työkalupakki) otettiin käyttöön (50 % vastaajista).",
        "Enligt slutkartläggningen ökade kommunernas nyckelpersoners medvetenhet om vad som "
        "påverkar den psykiska hälsan (93 % av de svarande), främjandet av psykisk hälsa skrevs "
        "in i kommunens dokument (64 % av de svarande) och projektets verktyg (checklistan, "
        "verktygslådan) togs i bruk (50 % av de svarande).",
        "According to the final survey, key people in the municipalities became more aware of "
        "what affects mental health (93 % of respondents), the promotion of mental health was "
        "written into the municipality's documents (64 % of respondents) and the project's "
        "tools (the checklist, the toolkit) were taken into use (50 % of respondents).",
    ),
    ("hyvinvointilahetti", "staff", "steps", 2, None, None, None),
    ("hyvinvointilahetti", "prerequisites", "steps", 1, None, None, None),
    (
        "hyvinvointilahetti",
        "report_words",
        "challenges",
        None,
        "Haasteina ovat ammattilaisten sitoutuminen, toimintamallin juurruttaminen osaksi "
        "kunnan toimintaa sekä lähetteen suuntaaminen oikeanlaisille asiakkaille (painotus "
        "ennaltaehkäisevässä toiminnassa).",
        "Utmaningarna är att få yrkespersonerna engagerade, att förankra modellen i kommunens "
        "verksamhet och att rikta remissen till rätt klienter (tyngdpunkten i förebyggande "
        "verksamhet).",
        "The challenges are the professionals' commitment, embedding the model in the "
        "municipality's work, and directing the referral to the right clients (the emphasis "
        "being on prevention).",
    ),
    ("hyvinvointipiste-terveysasemalla", "staff", "steps", 2, None, None, None),
    ("hyvinvointipiste-terveysasemalla", "prerequisites", "steps", 1, None, None, None),
    (
        "hyvinvointipiste-terveysasemalla",
        "report_words",
        "challenges",
        None,
        "Eri toimijoiden sitoutuminen pisteen toimintaan voi olla haastavaa, jolloin "
        "jatkuvuus on epävarmaa. Toimijoiden vastuut kannattaa sopia selkeästi etukäteen.",
        "Det kan vara svårt att få olika aktörer att engagera sig i verksamheten vid punkten, "
        "och då är kontinuiteten osäker. Det lönar sig att tydligt komma överens om aktörernas "
        "ansvar på förhand.",
        "Getting the different actors committed to the point's work can be difficult, which "
        "makes its continuity uncertain. It pays to agree the actors' responsibilities clearly "
        "in advance.",
    ),
    ("itsenaisesti-asuvien-nuorten-ekosysteemi", "report_words", "steps", 3, None, None, None),
    ("mitoke-malli", "staff", "steps", 4, None, None, None),
    ("mitoke-malli", "training", "steps", 3, None, None, None),
    (
        "mitoke-malli",
        "time",
        "challenges",
        None,
        "Keskusteluille tulee varata riittävästi aikaa ja tilaisuuksien ennakkomarkkinointi "
        "kannattaa aloittaa hyvissä ajoin.",
        "Man bör reservera tillräckligt med tid för diskussionerna, och det lönar sig att börja "
        "marknadsföra tillfällena i god tid.",
        "Enough time should be set aside for the discussions, and it pays to start advertising "
        "the sessions well in advance.",
    ),
    ("kokemusasiantuntijatyoskentely-sosiaalipalveluissa", "staff", "steps", 1, None, None, None),
    (
        "kokemusasiantuntijatyoskentely-sosiaalipalveluissa",
        "training",
        "challenges",
        None,
        "On huomioitava myös, että kokemusasiantuntijan riittävään perehdyttämiseen on "
        "varattava työaika.",
        "Man måste också beakta att arbetstid ska reserveras för en tillräcklig introduktion "
        "av erfarenhetsexperten.",
        "It must also be borne in mind that working time has to be set aside for introducing "
        "the expert by experience to the work well enough.",
    ),
    (
        "kokemusasiantuntijatyoskentely-sosiaalipalveluissa",
        "prerequisites",
        "challenges",
        None,
        "Toimintamallin käyttöönotto edellyttää hyvässä työskentelytilassa olevaa tiimiä, "
        "jonka toimintatapa on joustava, avoin ja ilmapiiri luottamuksellinen.",
        "För att ta modellen i bruk krävs ett team som arbetar väl tillsammans, med ett "
        "flexibelt och öppet arbetssätt och en förtroendefull stämning.",
        "Taking the model into use requires a team that works well together, whose way of "
        "working is flexible and open and whose atmosphere is one of trust.",
    ),
    (
        "kokemusasiantuntijatyoskentely-sosiaalipalveluissa",
        "report_words",
        "steps",
        3,
        None,
        None,
        None,
    ),
    (
        "koulutuksesta-tukea-pakolaisten-mielenterveyden-edistamiseen",
        "staff",
        "results",
        None,
        "Koulutusten räätälöinti vaatii kouluttajilta riittävän vahvaa asiantuntemusta "
        "koulutettavista teemoista ja erilaisten koulutusmenetelmien rohkeaa kokeilua ja "
        "aitoa kiinnostusta kohderyhmän tarpeisiin.",
        "Att skräddarsy utbildningarna kräver av utbildarna tillräckligt stark sakkunskap om "
        "temana, modigt prövande av olika utbildningsmetoder och ett genuint intresse för "
        "målgruppens behov.",
        "Tailoring the trainings requires of the trainers a sufficiently strong expertise in "
        "the themes taught, bold trying of different training methods and a genuine interest "
        "in the target group's needs.",
    ),
    (
        "koulutuksesta-tukea-pakolaisten-mielenterveyden-edistamiseen",
        "report_words",
        "steps",
        1,
        None,
        None,
        None,
    ),
    (
        "mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa",
        "training",
        "challenges",
        None,
        "Yhteiset keskustelut työyhteisössä sekä ammattilaisille suunnattu koulutus on tässä "
        "avainasemassa.",
        "Gemensamma diskussioner i arbetsgemenskapen och utbildning för yrkespersonerna har "
        "här en nyckelroll.",
        "Discussions together in the work community, and training for the professionals, are "
        "key here.",
    ),
    (
        "mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa",
        "time",
        "challenges",
        None,
        "Mielen hyvinvoinnin edistämisen näkökulman omaksuminen tarvitsee aikaa ja pysähtymistä.",
        "Att ta till sig perspektivet att främja psykiskt välbefinnande kräver tid och att man "
        "stannar upp.",
        "Adopting the perspective of promoting mental wellbeing takes time and pausing to reflect.",
    ),
    (
        "mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa",
        "prerequisites",
        "steps",
        2,
        None,
        None,
        None,
    ),
    (
        "mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa",
        "report_words",
        "results",
        None,
        "Työyhteisöissä otettiin käyttöön yhteensä 30 iäkkäiden mielen hyvinvointia edistävää "
        "työtapaa.",
        "I arbetsgemenskaperna togs sammanlagt 30 arbetssätt i bruk som främjar äldres "
        "psykiska välbefinnande.",
        "In all, the work communities took into use 30 ways of working that promote older "
        "people's mental wellbeing.",
    ),
    (
        "mielenterveystaidot-salkku",
        "prerequisites",
        "challenges",
        None,
        "Terveydenhuollossa on meneillään useita muutoksia samanaikaisesti, joten "
        "implementointi vaatii suunnitelmallisuutta ja hyvää vuorovaikutusta hoitohenkilöstön "
        "kanssa.",
        "Inom hälso- och sjukvården pågår flera förändringar samtidigt, så införandet kräver "
        "planering och god växelverkan med vårdpersonalen.",
        "Several changes are under way in health care at once, so implementation calls for "
        "planning and good interaction with the nursing staff.",
    ),
    (
        "mielenterveystaidot-salkku",
        "report_words",
        "results",
        None,
        "Mielenterveystaidot mielen hyvinvoinnin tukena -salkku on koostettu ja viety Eksoten "
        "verkkosivuille väestön ja ammattilaisten käyttöön.",
        "Portföljen Psykiska färdigheter som stöd för det psykiska välbefinnandet har "
        "sammanställts och lagts ut på Eksotes webbplats för befolkningen och yrkespersonerna.",
        "The portfolio Mental health skills in support of mental wellbeing has been compiled "
        "and put on Eksote's website for the public and professionals to use.",
    ),
    (
        "mielenterveysosaamisen-johtaminen",
        "time",
        "challenges",
        None,
        "Ratkaisuina toimivat mallin toteuttamiseen varattava riittävä aika sekä "
        "toimenpiteiden toteuttamisen tueksi laadittu käytännönläheinen käsikirja.",
        "Lösningarna var att reservera tillräckligt med tid för att genomföra modellen och en "
        "praktisk handbok som tagits fram som stöd för åtgärderna.",
        "The solutions were enough time set aside for carrying out the model, and a practical "
        "handbook written to support carrying out its measures.",
    ),
    (
        "mielenterveysosaamisen-johtaminen",
        "report_words",
        "challenges",
        None,
        "Toimintamallia pilotoitiin Päijät-Hämeen hyvinvointialueen gerontologisen "
        "sosiaalityön tiimissä. Haasteina olivat mallin toimenpiteiden toteuttamiseen käytetyn "
        "ajan vähyys ja työskentelyn tulosten yhdistäminen sekä vieminen käytäntöön.",
        "Modellen pilottestades i teamet för gerontologiskt socialarbete i Päijänne-Tavastlands "
        "välfärdsområde. Utmaningarna var den knappa tiden för modellens åtgärder och att "
        "sammanföra arbetets resultat och omsätta dem i praktiken.",
        "The model was piloted in the gerontological social work team of the Päijät-Häme "
        "wellbeing services county. The challenges were the little time there was for the "
        "model's measures, and combining the results of the work and putting them into "
        "practice.",
    ),
    ("mielenterveysosaamisen-koordinointimalli", "staff", "steps", 1, None, None, None),
    ("mielenterveysosaamisen-koordinointimalli", "prerequisites", "steps", 2, None, None, None),
    (
        "mielenterveysosaamisen-koordinointimalli",
        "costs",
        "results",
        None,
        "Hyvinvointialueen päättäjät sitoutetaan seuraamaan ja budjetoimaan toimintamallin "
        "toteutusta varten tarvittavat menoterät.",
        "Välfärdsområdets beslutsfattare förbinds att följa upp och budgetera de anslag som "
        "behövs för att genomföra modellen.",
        "The wellbeing services county's decision-makers are committed to following and "
        "budgeting the expenditure needed to carry out the model.",
    ),
    (
        "mielenterveysosaamisen-koordinointimalli",
        "report_words",
        "results",
        None,
        "Toimintamallin jatkokehittämistä ja juurruttamista alueella jatketaan.",
        "Vidareutvecklingen och förankringen av modellen i området fortsätter.",
        "Developing the model further and embedding it in the region continue.",
    ),
    ("mielikioski", "staff", "steps", 4, None, None, None),
    (
        "mielikioski",
        "report_words",
        "challenges",
        None,
        "Haasteena on matalan kynnyksen toiminnan asettuminen ja juurtuminen mielenterveys- ja "
        "päihdepalvelujärjestelmään ja hoitopolkujen sujuvuus hyvinvointialueella.",
        "Utmaningen är att lågtröskelverksamheten ska finna sin plats och förankras i "
        "systemet för mentalvårds- och missbrukartjänster, och att vårdkedjorna i "
        "välfärdsområdet ska löpa smidigt.",
        "The challenge is for the low-threshold service to settle and take root in the mental "
        "health and substance abuse services, and for care pathways in the wellbeing services "
        "county to run smoothly.",
    ),
    (
        "omaishoitajien-mielen-hyvinvointi-puheeksi",
        "prerequisites",
        "challenges",
        None,
        "Toimintamallin juurtuminen osaksi omaishoidon palveluita edellyttää "
        "työyksikössä/organisaatiossa yhdessä sovittuja toimintatapoja ja johdon tukea.",
        "För att modellen ska förankras i närståendevårdens tjänster krävs arbetssätt som man "
        "kommit överens om tillsammans i arbetsenheten/organisationen och stöd från ledningen.",
        "For the model to take root in carers' services, the work unit or organisation needs "
        "ways of working agreed together and the support of its management.",
    ),
    (
        "omaishoitajien-mielen-hyvinvointi-puheeksi",
        "report_words",
        "challenges",
        None,
        "Haasteena on, että toimintamalli jää vain yksittäisten työntekijöiden työvälineeksi.",
        "Utmaningen är att modellen förblir ett verktyg för enskilda anställda.",
        "The challenge is that the model remains a tool of individual employees only.",
    ),
]

# The contact person the Innokylä page of model 11's project gives (seed 002, "Yhteyshenkilön
# nimi / organisaatio / sähköpostiosoite"), as the catalogue's project record holds it.
CONTACTS = {"mielenterveysosaamisen-johtaminen": "yhdessa-mielessa"}


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def status(source_text, fields=("text",)):
    return {
        f"{field}_{code}": {"source": digest(source_text), "status": "unreviewed"}
        for field in fields
        for code in ("sv", "en")
    }


def record(slug, aspect, fi, sv, en, translation_status, **fields):
    return {
        "model": "models_catalog.adoptionfact",
        "fields": {
            "translation_status": translation_status,
            "operating_model": [slug],
            "aspect": aspect,
            "text": fi,
            "text_fi": fi,
            "text_sv": sv,
            "text_en": en,
            **{
                "quoted": False,
                "email": "",
                "report_part": "",
                "step": None,
                "source_url": "",
                "checked_on": None,
            },
            **fields,
        },
    }


def main():
    models = {r["fields"]["slug"]: r["fields"] for r in load("operating_models.json")}
    steps = {
        (r["fields"]["operating_model"][0], r["fields"]["number"]): r["fields"]
        for r in load("steps.json")
    }
    projects = {r["fields"]["slug"]: r["fields"] for r in load("projects.json")}
    records = []
    for slug, model in sorted(models.items(), key=lambda item: item[1]["number"]):
        # Who: table 2's implementer, with its translations and their status as they are.
        own = model["translation_status"]
        records.append(
            record(
                slug,
                "owner",
                model["implementer_text_fi"],
                model["implementer_text_sv"],
                model["implementer_text_en"],
                {
                    f"text_{code}": own[f"implementer_text_{code}"]
                    for code in ("sv", "en")
                    if f"implementer_text_{code}" in own
                },
                source="report",
                report_part="table_2",
            )
        )
        if slug in CONTACTS:
            project = projects[CONTACTS[slug]]
            text = f"{project['contact_name']}, {project['contact_organisation']}"
            records.append(
                record(
                    slug,
                    "contact",
                    text,
                    text,  # a name and an organisation's name: the same in every language
                    text,
                    status(text),
                    email=project["contact_email"],
                    source="innokyla",
                )
            )
        for fact in FACTS:
            fact_slug, aspect, part, step, fi, sv, en = fact
            if fact_slug != slug:
                continue
            if fi is None:
                whole = steps[(slug, step)]
                fi, sv, en = whole["text_fi"], whole["text_sv"], whole["text_en"]
                translation_status = {
                    key: value
                    for key, value in whole["translation_status"].items()
                    if key in ("text_sv", "text_en")
                }
            else:
                where = (
                    steps[(slug, step)]["text_fi"] if part == "steps" else model[PART_FIELD[part]]
                )
                assert fi in where, (slug, aspect, fi)
                translation_status = status(fi)
            records.append(
                record(
                    slug,
                    aspect,
                    fi,
                    sv,
                    en,
                    translation_status,
                    quoted=True,
                    source="report",
                    report_part=part,
                    step=step,
                )
            )
    order = ["owner", "contact", "staff", "training", "time", "costs", "prerequisites"]
    order += ["languages", "report_words"]
    number = {slug: model["number"] for slug, model in models.items()}
    records.sort(
        key=lambda r: (
            number[r["fields"]["operating_model"][0]],
            order.index(r["fields"]["aspect"]),
        )
    )
    (FIXTURES / "adoption.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
