"""What search is handed of an operating model: its texts in every language, weighted by where
they stand, and its facet keys. The catalogue decides what goes in; search makes the index
terms and the lexicon's words of it."""

from dataclasses import dataclass, field

from .analysis import terms_of_texts, words
from .query import label_term

#: Weights, highest first: a hit in the name or theme ranks above one deep in a step.
WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Document:
    """One operating model as search indexes it."""

    #: The operating model's id.
    pk: int
    #: {weight: [(text, language), …]} for each of WEIGHTS.
    texts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: "facet:value" for every option of the list page's facets the model has, sorted.
    facet_keys: list[str] = field(default_factory=list)
    #: Of those, the entries of the catalogue's vocabularies (target groups, counties, kinds
    #: of material …) a query may name in words: indexed with LABEL_WEIGHT.
    labels: list[str] = field(default_factory=list)


#: The weight of a vocabulary entry a model is tagged with: an editor's tag says what the
#: model is about as surely as its name (on PostgreSQL, nDCG@5 of the judged vocabulary
#: queries 0.876 with A against 0.833 with B; SQLite ranked the same with either).
LABEL_WEIGHT = "A"


def weighted_terms(document: Document) -> dict[str, str]:
    """Each weight's index terms as one space-separated text."""
    terms = {weight: terms_of_texts(document.texts.get(weight, ())) for weight in WEIGHTS}
    terms[LABEL_WEIGHT] = [*terms[LABEL_WEIGHT], *map(label_term, document.labels)]
    return {weight: " ".join(found) for weight, found in terms.items()}


def written_words(document: Document) -> set[str]:
    """Every word as written in the model's texts (for suggesting corrections of typos)."""
    return {
        word
        for texts in document.texts.values()
        for text, _language in texts
        for word in words(text)
    }
