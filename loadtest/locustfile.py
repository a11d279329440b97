"""Readers browsing the catalogue: list, filtered list, search, detail and statistics pages.

Run with `make loadtest` (50 users for 60 s against gunicorn on loopback). A response that is
not 200 counts as a failure.
"""

import random

from locust import HttpUser, between, task

COUNTIES = ["pirkanmaa", "pohjois-pohjanmaa", "helsinki", "lansi-uusimaa", "kainuu"]
GROUPS = ["lapset-ja-nuoret", "ikaantyneet", "kaikki-kuntalaiset", "omaishoitajat", "perheet"]
SEARCHES = ["pakolaisten", "omaishoitajien", "nuorten", "mielenterveys", "kokemusasiantuntija"]
MODELS = ["digimieli", "mielikioski", "opastava-perhetyo", "hyvan-mielen-kunta", "mitoke-malli"]


class Reader(HttpUser):
    wait_time = between(0.5, 1.5)

    @task(3)
    def list_page(self):
        self.client.get("/", name="list")

    @task(3)
    def filtered_list(self):
        params = {"county": random.choice(COUNTIES), "benefit": random.choice(GROUPS)}
        self.client.get("/", params=params, name="list, two filters")

    @task(2)
    def search(self):
        self.client.get("/", params={"q": random.choice(SEARCHES)}, name="search")

    @task(3)
    def detail(self):
        self.client.get(f"/toimintamallit/{random.choice(MODELS)}/", name="detail")

    @task(1)
    def statistics(self):
        self.client.get("/tilastot/", name="statistics")
