"""Words to index terms, the same for documents and queries and for both databases.

Finnish is analysed with Voikko (libvoikko and its Finnish dictionary, Debian's `libvoikko1`
and `voikko-fi`): every form of a word gives its base form ("taitoja", "taidot" → taito;
"johtamiseen", "johdetaan" → johtaa), and a compound also gives its parts and every run of
them ("mielenterveystaidot" → mielenterveystaito, mieli, terveys, taito, mielenterveys,
terveystaito), so a word finds the compounds it is part of without matching words that merely
begin with the same letters ("koulu" never matches "koulutus"). Swedish and English words are
reduced to their lemmas with simplemma's tables. A word nobody can analyse (a name, a typo) is
kept as written.

Each term is casefolded letters and digits only, so PostgreSQL's `simple` parser and SQLite's
FTS5 `unicode61` tokenizer both read it as one token.
"""

import functools
import re
import threading
from collections.abc import Iterable, Iterator

import simplemma
from libvoikko import Voikko

#: Words and hyphenated compounds ("Pohjois-Karjala", "sote-alan"); punctuation, emoji and
#: control characters are not words.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
MAX_WORD_LENGTH = 60
#: Parts of a compound longer than this are not combined into runs (cost grows quadratically).
MAX_COMPOUND_PARTS = 6
LANGUAGES = ("fi", "sv", "en")

#: Word classes that carry no meaning of their own for search (conjunctions, pronouns, "ei").
_FINNISH_FUNCTION_CLASSES = {"sidesana", "asemosana", "kieltosana"}
STOPWORDS = {
    "fi": {
        "ja",
        "tai",
        "sekä",
        "eli",
        "on",
        "ovat",
        "olla",
        "ei",
        "että",
        "kuin",
        "myös",
        "kuten",
        "mikä",
        "mitä",
        "miten",
        "joka",
        "jotka",
        "sen",
        "se",
        "ne",
        "niin",
        "nyt",
        "vai",
        "jne",
        "esim",
        "eri",
        "hyvin",
    },
    "sv": {
        # auxiliaries: simplemma reads "ska" and "skulle" as the verb "skola", a homograph of
        # the noun (school)
        "ska",
        "skall",
        "skulle",
        "kan",
        "kunde",
        "måste",
        "bör",
        "borde",
        "vill",
        "ville",
        "har",
        "hade",
        "blir",
        "blev",
        "var",
        "vara",
        "varit",
        "och",
        "eller",
        "i",
        "på",
        "för",
        "att",
        "som",
        "en",
        "ett",
        "av",
        "till",
        "med",
        "det",
        "den",
        "de",
        "är",
        "om",
        "hur",
        "vad",
        "från",
        "samt",
        "inom",
        "vid",
    },
    "en": {
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "shall",
        "should",
        "must",
        "has",
        "have",
        "had",
        "was",
        "were",
        "been",
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "or",
        "to",
        "in",
        "on",
        "with",
        "by",
        "at",
        "is",
        "are",
        "be",
        "how",
        "what",
        "from",
        "as",
        "into",
        "about",
        "that",
        "this",
        "its",
    },
}
_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def words(text: str) -> list[str]:
    """The words of a text, casefolded, in order."""
    return [word for word in WORD.findall(text.casefold()) if len(word) <= MAX_WORD_LENGTH]


def normalise(term: str) -> str:
    """A term as both databases' tokenizers keep it whole: letters and digits only."""
    return term.casefold().replace("-", "").replace("=", "")


#: One Voikko handle per process, used by one thread at a time: libvoikko's handle is not
#: thread-safe (driven from several of gunicorn's threads it gave wrong analyses and corrupted
#: the heap), and an analysis takes microseconds, so threads hardly wait.
_voikko_lock = threading.Lock()
_voikko_handle: Voikko | None = None


@functools.lru_cache(maxsize=200_000)
def finnish_analyses(word: str) -> tuple[tuple[str, str, str], ...]:
    """(base form, word bases, word class) of every reading Voikko has for a Finnish word."""
    global _voikko_handle
    with _voikko_lock:
        if _voikko_handle is None:
            _voikko_handle = Voikko("fi")
        readings = _voikko_handle.analyze(word)
    return tuple(
        (analysis.get("BASEFORM", ""), analysis.get("WORDBASES", ""), analysis.get("CLASS", ""))
        for analysis in readings
    )


_SEGMENT = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def _compound_parts(word_bases: str) -> list[str]:
    """The surface parts of a compound: "+mielen(mieli)+terve(terve)+ys(+ys)+taito(taito)"
    → ["mielen", "terveys", "taito"]; derivational endings stay with their stem."""
    parts: list[str] = []
    for surface, base in _SEGMENT.findall(word_bases):
        if surface in {"", "-"}:
            continue
        if base.startswith("+") and parts:
            parts[-1] += surface
        else:
            parts.append(surface)
    return parts


def _lemma_of(surface: str) -> set[str]:
    lemmas = {normalise(base) for base, _bases, _class in finnish_analyses(surface) if base}
    return lemmas or {normalise(surface)}


@functools.lru_cache(maxsize=200_000)
def finnish_terms(word: str) -> frozenset[str]:
    """Index terms of a Finnish word: its base forms, and for a compound its parts and every
    run of consecutive parts, each as a base form."""
    analyses = finnish_analyses(word)
    if not analyses:
        return frozenset({normalise(word)})
    terms = {normalise(base) for base, _bases, _class in analyses if base}
    for _base, word_bases, _class in analyses:
        parts = _compound_parts(word_bases)
        if not 1 < len(parts) <= MAX_COMPOUND_PARTS:
            continue
        for start in range(len(parts)):
            for end in range(start + 1, len(parts) + 1):
                if end - start < len(parts):
                    terms |= _lemma_of("".join(parts[start:end]))
    terms.add(normalise(word))
    return frozenset(term for term in terms if term)


@functools.lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """A Swedish or English word's lemma (simplemma), casefolded."""
    return normalise(simplemma.lemmatize(word, lang=language))


def is_stopword(word: str, language: str | None = None) -> bool:
    if language is None:
        return word in _ALL_STOPWORDS
    if word in STOPWORDS.get(language, ()):
        return True
    if language == "fi":
        classes = {word_class for _base, _bases, word_class in finnish_analyses(word)}
        return bool(classes) and classes <= _FINNISH_FUNCTION_CLASSES
    return False


def word_terms(word: str, language: str) -> frozenset[str]:
    """Index terms of one word of a text written in `language`."""
    if language == "fi":
        return finnish_terms(word)
    return frozenset({normalise(word), lemma(word, language)})


def text_terms(text: str, language: str) -> Iterator[str]:
    """Index terms of a text, word by word (repeated as often as the words are)."""
    for word in words(text):
        if not is_stopword(word, language):
            yield from sorted(word_terms(word, language))


def finnish_lemmas(word: str) -> set[str]:
    """A Finnish word's base forms (not its parts), and the word as written."""
    return {normalise(base) for base, _bases, _class in finnish_analyses(word) if base} | {
        normalise(word)
    }


def query_word_terms(word: str) -> frozenset[str]:
    """Terms a query word may stand for, in whichever of the three languages it is: its base
    forms, never its parts ("hammashoito" must not find any "hoito")."""
    terms = finnish_lemmas(word)
    for language in ("sv", "en"):
        terms.add(lemma(word, language))
    return frozenset(terms)


def is_known_word(word: str) -> bool:
    """Whether a word is Finnish that Voikko knows (so never taken for a typo)."""
    return bool(finnish_analyses(word))


def compound_parts(word: str) -> list[str]:
    """The base forms of a Finnish compound's parts (empty for a simple word)."""
    for _base, word_bases, _class in finnish_analyses(word):
        parts = _compound_parts(word_bases)
        if 1 < len(parts) <= MAX_COMPOUND_PARTS:
            return [sorted(_lemma_of(part))[0] for part in parts]
    return []


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of a word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """pg_trgm's similarity: shared trigrams over all trigrams of the two words."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a or b else 0.0


def terms_of_texts(texts: Iterable[tuple[str, str]]) -> list[str]:
    """Index terms of (text, language) pairs, in order."""
    return [term for text, language in texts if text for term in text_terms(text, language)]
