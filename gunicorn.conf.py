"""gunicorn's settings, read from the directory it starts in (README, Production).

Threaded workers: a sync worker is killed when one request takes longer than `timeout`, and a
download of a large catalogue (streamed, models_catalog/streaming.py) can; a threaded worker
reports that it is alive from its main thread while its threads send.
"""

worker_class = "gthread"
threads = 4
