"""A reader's query as groups of alternatives: every group (word) should match, any of its
alternatives will do, and an alternative is one or more terms that must all match."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import analysis

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
#: How alike (pg_trgm's similarity) a catalogue word must be to a query word to correct it.
CORRECTION_SIMILARITY = 0.5
#: Shorter words are not corrected: too many words are alike at two or three letters.
MIN_CORRECTED_LENGTH = 4


@dataclass(frozen=True)
class Group:
    """One word of the query (or a phrase of the thesaurus) and what it may stand for."""

    word: str
    alternatives: frozenset[tuple[str, ...]]

    @property
    def terms(self) -> set[str]:
        return {term for alternative in self.alternatives for term in alternative}


@dataclass(frozen=True)
class Syntax:
    """How a database's full-text query language writes terms and the boolean operators."""

    quote: object  # term → the term as a literal of the query language
    all_of: str
    any_of: str


def render(groups, syntax: Syntax, between: str) -> str:
    """Groups as a full-text query: each group any of its alternatives, each alternative all
    of its terms, the groups joined by `between` (the syntax's all_of or any_of)."""
    rendered = []
    for group in groups:
        alternatives = (
            "(" + f" {syntax.all_of} ".join(map(syntax.quote, alternative)) + ")"
            for alternative in sorted(group.alternatives)
        )
        rendered.append("(" + f" {syntax.any_of} ".join(alternatives) + ")")
    return f" {between} ".join(rendered)


@dataclass
class Query:
    text: str
    groups: list[Group] = field(default_factory=list)
    #: Query words taken for typos, with the catalogue word put in their place.
    corrections: dict[str, str] = field(default_factory=dict)
    #: The vocabulary entries the query names, as facet keys ("benefit:ikaantyneet"): why a
    #: model tagged with one matched.
    labels: set[str] = field(default_factory=set)

    @property
    def terms(self) -> set[str]:
        return {term for group in self.groups for term in group.terms}

    @property
    def suggestion(self) -> str:
        """The query with its corrections ("did you mean …"), or "" when there were none."""
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in analysis.words(self.text))


def _content_words(text: str) -> list[str]:
    found = analysis.words(text[:MAX_QUERY_LENGTH])
    content = [word for word in found if not analysis.is_stopword(word)]
    # A query made only of small words ("ja", "the") is still searched for.
    return (content or found)[:MAX_WORDS]


def _alternatives(word: str) -> set[tuple[str, ...]]:
    # A compound finds the texts that have it, whole or inside a longer compound, but not
    # those that merely have its parts apart: "ensiapu" is not any "apu" near an "ensi".
    return {(term,) for term in analysis.query_word_terms(word)}


def label_term(key: str) -> str:
    """The index term of a vocabulary entry a model is tagged with ("benefit:ikaantyneet"):
    letters and digits only, so both databases' tokenizers keep it whole, and no word of a
    text can be it."""
    return "vocab" + key.encode().hex()


class Thesaurus:
    """Synonym sets: a query word or phrase that is a term of a set also stands for the set's
    single-word terms.

    The catalogue's vocabularies (target groups, counties, material kinds …) are read with it:
    each entry's labels, in every language, are its terms, and it stands for the models tagged
    with it (their facet keys, indexed as label_term()s). A synonym set that has an entry's
    label among its terms stands for those models too, so the everyday words an editor adds
    to the set ("eläkeläiset" beside "ikääntyneet") find what the vocabulary tags."""

    def __init__(self, terms: Iterable[tuple[int, str]], vocabulary: Iterable[tuple] = ()):
        #: concept → its terms, each as the alternative a query would make of it
        self.alternatives: dict[object, set[tuple[str, ...]]] = {}
        #: concept → its phrases' words, for matching phrases in the query
        self.phrases: list[tuple[object, tuple[frozenset[str], ...]]] = []
        #: concept → the vocabulary entries (facet keys) it names
        self.keys: dict[object, set[str]] = {}
        named: dict[object, set[tuple[str, ...]]] = {}
        for concept, text in terms:
            words = _content_words(text)
            if not words:
                continue
            # A phrase ("older people") recognises the reader's words but is not searched for
            # in others' place: its words would be found apart, anywhere in a model's text
            # ("first" … "aid"). Its set's single words stand for it.
            if len(words) == 1:
                self.alternatives.setdefault(concept, set()).update(_alternatives(words[0]))
            self.phrases.append((concept, tuple(analysis.query_word_terms(word) for word in words)))
            named.setdefault(concept, set()).add(_phrase_alternative(text))
        #: a label's words (as _phrase_alternative gives them) → the entries it names
        self.labelled: dict[tuple[str, ...], set[str]] = {}
        for number, (labels, keys) in enumerate(vocabulary):
            entry = ("vocabulary", number)
            for label in labels:
                words = _content_words(label)
                if not words:
                    continue
                self.phrases.append(
                    (entry, tuple(analysis.query_word_terms(word) for word in words))
                )
                self.labelled.setdefault(_phrase_alternative(label), set()).update(keys)
                self.keys.setdefault(entry, set()).update(keys)
        for concept, names in named.items():
            for name in names:
                if name in self.labelled:
                    self.keys.setdefault(concept, set()).update(self.labelled[name])

    def keys_named(self, names: Iterable[tuple[str, ...]]) -> set[str]:
        """The vocabulary entries with any of these names (as _phrase_alternative gives)."""
        return {key for name in names for key in self.labelled.get(name, ())}

    def concepts_at(self, words: list[str], start: int) -> tuple[set[int], int]:
        """Concepts whose term matches the query at `start`, and how many words it takes."""
        matched: set[int] = set()
        length = 1
        for concept, phrase in self.phrases:
            end = start + len(phrase)
            if end > len(words):
                continue
            if all(
                analysis.query_word_terms(words[start + offset]) & terms
                for offset, terms in enumerate(phrase)
            ):
                if len(phrase) > length:
                    matched, length = set(), len(phrase)
                if len(phrase) == length:
                    matched.add(concept)
        return matched, length


def _phrase_alternative(text: str) -> tuple[str, ...] | None:
    """A name as one alternative: the base form of each of its words, all to be found."""
    words = analysis.words(text)
    if not words:
        return None
    return tuple(sorted({sorted(analysis.query_word_terms(word))[0] for word in words}))


class Places:
    """Municipalities and their wellbeing services counties: a query for a municipality also
    finds the models carried out in its county, whether or not the report names the town."""

    def __init__(self, rows: Iterable[tuple[list[str], list[str]]]):
        #: a municipality name's base form → its county's names, as alternatives
        self.counties: dict[str, set[tuple[str, ...]]] = {}
        for names, county_names in rows:
            counties = {alt for name in county_names if (alt := _phrase_alternative(name))}
            for name in names:
                words = analysis.words(name)
                if len(words) == 1:  # "Koski Tl" would make every "koski" a place
                    for term in analysis.query_word_terms(words[0]):
                        self.counties.setdefault(term, set()).update(counties)

    def county_alternatives(self, word: str) -> set[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()
        for term in analysis.query_word_terms(word):
            found |= self.counties.get(term, set())
        return found


def parse(text: str, thesaurus: Thesaurus, correct, places: Places | None = None) -> Query:
    """The query's groups. `correct(word)` gives a catalogue word for a likely typo, or ""."""
    places = places or Places([])
    query = Query(text)
    words = _content_words(text)
    position = 0
    while position < len(words):
        concepts, length = thesaurus.concepts_at(words, position)
        phrase = words[position : position + length]
        word = " ".join(phrase)
        alternatives: set[tuple[str, ...]] = set()
        in_county: set[tuple[str, ...]] = set()
        if length == 1:
            alternatives = _alternatives(word)
            in_county = places.county_alternatives(word)
            alternatives |= in_county
            if not concepts and not in_county and not analysis.is_known_word(word):
                corrected = correct(word)
                if corrected and corrected != word:
                    query.corrections[word] = corrected
                    alternatives |= _alternatives(corrected)
        else:
            alternatives.add(_phrase_alternative(word))
        for concept in concepts:
            alternatives |= thesaurus.alternatives.get(concept, set())
        keys = thesaurus.keys_named({_phrase_alternative(word)} - {None} | in_county)
        for concept in concepts:
            keys |= thesaurus.keys.get(concept, set())
        alternatives |= {(label_term(key),) for key in keys}
        query.labels |= keys
        query.groups.append(Group(word, frozenset(alternatives)))
        position += length
    return query
