"""What lets pages fit a 320 px phone, checked in the HTML on the real catalogue: charts whose
text does not shrink, the tile map in reading order with names that break between syllables,
tables in labelled scroll boxes, the filter panel as a disclosure. The browser measures the
result in test_browser_phone.py."""

import re

import pytest
from django.urls import reverse

from models_catalog.models import WellbeingCounty
from models_catalog.templatetags.layout import (
    SOFT_HYPHEN,
    finnish_soft_hyphens,
    tiles_in_reading_order,
)
from trainings.charts import bar_chart
from trainings.models import Figure, Section, Unit

pytestmark = pytest.mark.django_db

LIST_URL = reverse("models_catalog:list")


def participant_figures():
    return [
        figure
        for figure in Figure.objects.for_section(Section.TRAININGS)
        if figure.category_id and figure.unit == Unit.PARTICIPANTS
    ]


def test_chart_bars_are_percentages_of_the_largest_with_labels_above():
    chart = bar_chart(participant_figures())
    assert [bar.label for bar in chart.bars] == [
        "Menetelmäkoulutukset",
        "Työpajat ja muut koulutukset",
        "Avoimet seminaarit ja luennot",
    ]
    # 12 800, 8 500 and 2 660 participants.
    assert [bar.percent for bar in chart.bars] == [100, 66.41, 20.78]
    assert [bar.value_inside for bar in chart.bars] == [True, True, False]
    for bar in chart.bars:
        assert bar.label_y < bar.bar_y < bar.value_y < bar.bar_y + chart.bar_height
    last = chart.bars[-1]
    assert chart.height == last.bar_y + chart.bar_height


def test_chart_of_no_figures_is_empty():
    assert bar_chart([]).bars == []
    assert bar_chart([]).height == 0


def test_statistics_charts_have_no_viewbox_so_their_text_keeps_its_size(client):
    html = client.get(reverse("trainings:statistics")).content.decode()
    assert html.count('<svg width="100%"') == 2
    assert "viewBox" not in html
    assert '<rect x="0" y="22" width="100.0%" height="28" class="bar">' in html
    # Decimal points, not the Finnish decimal comma, in SVG lengths.
    assert 'width="66.41%"' in html
    assert 'class="bar-value inside">noin 12\u00a0800</text>' in html


def test_statistics_tables_scroll_in_labelled_focusable_boxes(client):
    html = client.get(reverse("trainings:statistics")).content.decode()
    boxes = re.findall(
        r'<div class="table-scroll" role="region" aria-labelledby="([\w-]+)" tabindex="0">', html
    )
    assert boxes == ["participants-table-caption", "counts-table-caption"]
    for caption_id in boxes:
        assert f'<caption id="{caption_id}">' in html
    assert f"Me{SOFT_HYPHEN}ne{SOFT_HYPHEN}tel{SOFT_HYPHEN}mä" in html


@pytest.mark.parametrize(
    ("name", "syllables"),
    [
        ("Pohjois-Pohjanmaa", "Poh·jois-Poh·jan·maa"),
        ("Kymenlaakso", "Ky·men·laak·so"),
        ("Varsinais-Suomi", "Var·si·nais-Suo·mi"),
        ("Vantaa ja Kerava", "Van·taa ja Ke·ra·va"),
        ("Itä-Uusimaa", "Itä-Uu·si·maa"),
        ("Menetelmäkoulutukset", "Me·ne·tel·mä·kou·lu·tuk·set"),
        ("Lappi", "Lap·pi"),
    ],
)
def test_finnish_words_break_between_syllables(name, syllables):
    assert finnish_soft_hyphens(name) == syllables.replace("·", SOFT_HYPHEN)


def test_soft_hyphens_keep_every_county_name_and_escape_html():
    for county in WellbeingCounty.objects.all():
        assert finnish_soft_hyphens(county.name).replace(SOFT_HYPHEN, "") == county.name
    assert finnish_soft_hyphens("<b>Kainuu</b>") == f"&lt;b&gt;Kai{SOFT_HYPHEN}nuu&lt;/b&gt;"


def test_tiles_come_row_by_row_west_to_east():
    tiles = tiles_in_reading_order(WellbeingCounty.objects.with_model_counts())
    assert len(tiles) == 22
    places = [(county.map_row, county.map_column) for county in tiles]
    assert places == sorted(places)
    assert [county.name for county in tiles[:3]] == ["Lappi", "Pohjois-Pohjanmaa", "Kainuu"]
    assert tiles[-1].name == "Helsinki"


def test_a_county_without_a_place_has_no_tile():
    WellbeingCounty.objects.filter(slug="lappi").update(map_row=None, map_column=None)
    tiles = tiles_in_reading_order(WellbeingCounty.objects.with_model_counts())
    assert "Lappi" not in [county.name for county in tiles]


def test_map_tiles_are_html_links_placed_on_a_grid_in_reading_order(client):
    html = client.get(reverse("models_catalog:map")).content.decode()
    assert "<svg" not in html
    places = re.findall(
        r'<li class="map-row-(\d) map-column-(\d)"><a href="[^"]+" class="tile', html
    )
    assert len(places) == 22
    assert places == sorted(places)
    assert '<li class="map-row-0 map-column-2"><a href="/?county=lappi"' in html
    assert f'<span class="tile-name" lang="fi">Poh{SOFT_HYPHEN}jois-' in html


def filter_panel(html: str) -> str:
    return re.search(r'<details class="filter-panel"[^>]*>\s*<summary>.*?</summary>', html, re.S)[0]


def test_filter_panel_is_folded_while_nothing_is_chosen_so_results_come_first(client):
    panel = filter_panel(client.get(LIST_URL).content.decode())
    assert panel.startswith('<details class="filter-panel">')
    assert "valittu" not in panel


def test_filter_panel_folds_once_a_filter_is_chosen_and_counts_them(client):
    query = {"county": "pirkanmaa", "benefit": "ikaantyneet", "q": "mieli"}
    html = client.get(LIST_URL, query).content.decode()
    panel = filter_panel(html)
    assert panel.startswith('<details class="filter-panel">')
    assert '<span class="chosen-count">(2 valittu)</span>' in panel  # the search is not a facet
    # The search field stays outside the panel, above it.
    assert html.index('type="search"') < html.index('<details class="filter-panel"')
    panel = filter_panel(client.get(f"/sv{LIST_URL}", {"county": "pirkanmaa"}).content.decode())
    assert '<span class="chosen-count">(1 vald)</span>' in panel


def test_filter_panel_stays_open_to_show_an_error(client):
    html = client.get(LIST_URL, {"county": "atlantis", "benefit": "omaishoitajat"}).content.decode()
    assert filter_panel(html).startswith('<details class="filter-panel" open>')


def test_facet_counts_are_their_own_element_for_the_nowrap_rule(client):
    html = client.get(LIST_URL).content.decode()
    assert re.search(r'</span> <span class="count">\(\d+\)</span></label>', html)


def test_api_documentation_names_its_language(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert '<html lang="en">' in html
    assert '<main id="swagger-ui"></main>' in html
    assert "css/api-docs.css" in html
