"""Place-aware answers: a query or a filter naming one wellbeing services county that has no
model for it is answered with the models of the counties next to it, said so.

The catalogue holds no coordinates, so "next to" is a frozen table of which counties share a
border. Source: the borders of Finland's regions (maakunnat, Statistics Finland's regional
division 2023; the wellbeing services counties follow them), with Uusimaa's four counties and
the City of Helsinki by their municipalities' borders (Vantaa borders Helsinki and Espoo;
Sipoo, in Itä-Uusimaa, borders Helsinki and Vantaa; Nurmijärvi, in Keski-Uusimaa, borders
Espoo and Vihti). Compiled for the catalogue, not from the report: check it against
Statistics Finland's map when the counties change.
"""

NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "etela-karjala": ("etela-savo", "kymenlaakso", "pohjois-karjala"),
    "etela-pohjanmaa": ("keski-pohjanmaa", "keski-suomi", "pirkanmaa", "pohjanmaa", "satakunta"),
    "etela-savo": (
        "etela-karjala",
        "keski-suomi",
        "kymenlaakso",
        "paijat-hame",
        "pohjois-karjala",
        "pohjois-savo",
    ),
    "helsinki": ("ita-uusimaa", "lansi-uusimaa", "vantaa-ja-kerava"),
    "ita-uusimaa": ("helsinki", "keski-uusimaa", "kymenlaakso", "paijat-hame", "vantaa-ja-kerava"),
    "kainuu": ("pohjois-karjala", "pohjois-pohjanmaa", "pohjois-savo"),
    "kanta-hame": ("keski-uusimaa", "lansi-uusimaa", "paijat-hame", "pirkanmaa", "varsinais-suomi"),
    "keski-pohjanmaa": ("etela-pohjanmaa", "keski-suomi", "pohjanmaa", "pohjois-pohjanmaa"),
    "keski-suomi": (
        "etela-pohjanmaa",
        "etela-savo",
        "keski-pohjanmaa",
        "paijat-hame",
        "pirkanmaa",
        "pohjois-pohjanmaa",
        "pohjois-savo",
    ),
    "keski-uusimaa": (
        "ita-uusimaa",
        "kanta-hame",
        "lansi-uusimaa",
        "paijat-hame",
        "vantaa-ja-kerava",
    ),
    "kymenlaakso": ("etela-karjala", "etela-savo", "ita-uusimaa", "paijat-hame"),
    "lappi": ("pohjois-pohjanmaa",),
    "lansi-uusimaa": (
        "helsinki",
        "kanta-hame",
        "keski-uusimaa",
        "vantaa-ja-kerava",
        "varsinais-suomi",
    ),
    "paijat-hame": (
        "etela-savo",
        "ita-uusimaa",
        "kanta-hame",
        "keski-suomi",
        "keski-uusimaa",
        "kymenlaakso",
        "pirkanmaa",
    ),
    "pirkanmaa": (
        "etela-pohjanmaa",
        "kanta-hame",
        "keski-suomi",
        "paijat-hame",
        "satakunta",
        "varsinais-suomi",
    ),
    "pohjanmaa": ("etela-pohjanmaa", "keski-pohjanmaa", "satakunta"),
    "pohjois-karjala": ("etela-karjala", "etela-savo", "kainuu", "pohjois-savo"),
    "pohjois-pohjanmaa": ("kainuu", "keski-pohjanmaa", "keski-suomi", "lappi", "pohjois-savo"),
    "pohjois-savo": ("etela-savo", "kainuu", "keski-suomi", "pohjois-karjala", "pohjois-pohjanmaa"),
    "satakunta": ("etela-pohjanmaa", "pirkanmaa", "pohjanmaa", "varsinais-suomi"),
    "vantaa-ja-kerava": ("helsinki", "ita-uusimaa", "keski-uusimaa", "lansi-uusimaa"),
    "varsinais-suomi": ("kanta-hame", "lansi-uusimaa", "pirkanmaa", "satakunta"),
}


def neighbours(county: str) -> tuple[str, ...]:
    """The counties bordering this one (none for a county the table does not know)."""
    return NEIGHBOURS.get(county, ())
