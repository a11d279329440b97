"""Filters that help pages fit a narrow phone: Finnish words that may break between syllables,
and the county tile map's tiles in reading order.

The tile map is a CSS grid of links rather than a scaled SVG drawing, so its text keeps the
stylesheet's size on a phone. Five tiles side by side leave about 55 px each at 320 px, too
narrow for "Pohjois-Pohjanmaa" on one line, and a table's row header such as
"Menetelmäkoulutukset" can be wider than its column: soft hyphens let such words break between
syllables, which works without the browser's hyphenation dictionaries (often missing for
Finnish).
"""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

VOWELS = "aeiouyäöå"
SOFT_HYPHEN = "\u00ad"
# Finnish hyphenation's main rule: a break comes before a consonant followed by a vowel
# (Poh-jan-maa, Ky-men-laak-so). Each piece keeps at least two letters.
SYLLABLE_BREAK = re.compile(rf"(?<=[a-zåäö]{{2}})(?=[^\W\d_{VOWELS}][{VOWELS}])", re.IGNORECASE)


@register.filter
def finnish_soft_hyphens(name: str) -> str:
    """The name, escaped, with a soft hyphen at each Finnish syllable break inside a word."""
    return mark_safe(SYLLABLE_BREAK.sub(SOFT_HYPHEN, escape(name)))


@register.filter
def tiles_in_reading_order(counties) -> list:
    """The counties placed on the map, row by row and west to east in a row, so that the
    keyboard and screen readers meet the tiles in the order the eye reads them."""
    placed = [county for county in counties if county.map_column is not None]
    return sorted(placed, key=lambda county: (county.map_row, county.map_column))
