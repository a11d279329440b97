"""gunicorn's settings, read from the directory it starts in (README, Production).

Threaded workers: a sync worker is killed when one request takes longer than `timeout`, and a
download of a large catalogue (streamed, models_catalog/streaming.py) can; a threaded worker
reports that it is alive from its main thread while its threads send.
"""

worker_class = "gthread"
threads = 4


def post_worker_init(worker):
    """Before a worker takes requests, make what its first requests would otherwise make while
    readers wait (under `make loadtest` from a fresh start those waits were the slowest
    requests): the search's analysed thesaurus and Voikko handle, and the compiled templates."""
    from django.template.loader import get_template

    from search import engine

    engine.warm_up()
    for name in (
        "models_catalog/operatingmodel_list.html",
        "models_catalog/operatingmodel_list_body.html",
        "models_catalog/operatingmodel_detail.html",
        "models_catalog/operatingmodel_detail_content.html",
    ):
        get_template(name)
