"""Bar charts drawn on the server as SVG geometry, so they need no script and no outside server.

The SVG has no viewBox: its user units are CSS pixels, so its text keeps the stylesheet's size
at any width instead of shrinking with the screen (at 320 px a scaled drawing put the labels at
about 6 px). Each category's label stands on its own line above its bar, and the bars' lengths
are percentages of the width, so the chart fits a phone and a desktop alike.
"""

from dataclasses import dataclass

from models_catalog.templatetags.catalogue import content_lang

LABEL_HEIGHT = 22  # room for a 14 px label above its bar
BAR_HEIGHT = 28
ROW_GAP = 16
# A bar at least this long carries its value inside its end; a shorter one just after it.
VALUE_INSIDE_FROM_PERCENT = 50


@dataclass
class Bar:
    label: str
    value_text: str
    percent: float
    label_y: int
    bar_y: int
    value_y: int
    lang: str = "fi"  # the language the label is shown in

    @property
    def value_inside(self) -> bool:
        return self.percent >= VALUE_INSIDE_FROM_PERCENT


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    bar_height: int = BAR_HEIGHT


def bar_chart(figures) -> BarChart:
    """One horizontal bar per figure, under its label, scaled to the largest value."""
    figures = list(figures)
    largest = max((figure.value for figure in figures), default=0) or 1
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    bars = []
    for index, figure in enumerate(figures):
        top = index * row_height
        bars.append(
            Bar(
                label=figure.category.name if figure.category else figure.label,
                value_text=figure.display_value,
                # At least a sliver, so that a tiny value still shows as a bar.
                percent=max(0.5, round(100 * figure.value / largest, 2)),
                label_y=top + 16,
                bar_y=top + LABEL_HEIGHT,
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT // 2 + 5,
                lang=(
                    content_lang(figure.category, "name")
                    if figure.category
                    else content_lang(figure, "label")
                ),
            )
        )
    return BarChart(bars=bars, height=max(len(figures) * row_height - ROW_GAP, 0))
