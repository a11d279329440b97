"""gunicorn runs several threads in a worker, all sharing one process's Voikko handle."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from models_catalog.models import OperatingModel, Step
from search import analysis

pytestmark = pytest.mark.django_db


def catalogue_words() -> list[str]:
    texts = [
        *OperatingModel.objects.values_list("theme_fi", flat=True),
        *OperatingModel.objects.values_list("goals_fi", flat=True),
        *Step.objects.values_list("text_fi", flat=True),
    ]
    return sorted({word for text in texts for word in analysis.words(text or "")})


def test_finnish_analyses_from_eight_threads_are_what_one_thread_gives():
    words = catalogue_words()
    assert len(words) > 500
    analyse = analysis.finnish_analyses.__wrapped__  # past the cache: every call asks Voikko
    alone = [analyse(word) for word in words]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _round in range(3):
            together = list(pool.map(analyse, words))
            assert together == alone


def test_documents_analysed_from_eight_threads_are_what_one_thread_gives():
    texts = [(text, "fi") for text in Step.objects.values_list("text_fi", flat=True)]
    analysis.finnish_analyses.cache_clear()
    analysis.finnish_terms.cache_clear()
    alone = [analysis.terms_of_texts([text]) for text in texts]
    analysis.finnish_analyses.cache_clear()
    analysis.finnish_terms.cache_clear()

    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda text: analysis.terms_of_texts([text]), texts))
    assert together == alone


@pytest.mark.django_db
def test_a_gunicorn_worker_makes_the_thesaurus_and_voikko_before_its_first_request(monkeypatch):
    """gunicorn.conf.py's post_worker_init: a worker's first search would otherwise analyse the
    thesaurus while its reader (and every reader queued behind the Voikko lock) waits."""
    import runpy
    from pathlib import Path

    from search import engine

    monkeypatch.setattr(analysis, "_voikko_handle", None)
    monkeypatch.setattr(engine, "_thesaurus_made", (((), ()), engine.Thesaurus(())))
    monkeypatch.setattr(engine, "_places_made", ((), engine.Places(())))

    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)

    (terms, vocabulary), _thesaurus = engine._thesaurus_made
    assert terms
    assert vocabulary
    assert engine._places_made[0]
    assert analysis._voikko_handle is not None
