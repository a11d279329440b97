"""Bar charts drawn on the server as SVG geometry, so they need no script and no outside server."""

from dataclasses import dataclass

from models_catalog.templatetags.catalogue import content_lang

BAR_HEIGHT = 36
BAR_GAP = 16
LABEL_WIDTH = 240
CHART_WIDTH = 640
VALUE_ROOM = 110


@dataclass
class Bar:
    label: str
    value_text: str
    y: int
    width: int
    text_y: int
    lang: str = "fi"  # the language the label is shown in


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    bar_x: int = LABEL_WIDTH
    width: int = CHART_WIDTH


def bar_chart(figures) -> BarChart:
    """One horizontal bar per figure, scaled to the largest value."""
    figures = list(figures)
    largest = max((figure.value for figure in figures), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = []
    for index, figure in enumerate(figures):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            Bar(
                label=figure.category.name if figure.category else figure.label,
                value_text=figure.display_value,
                y=y,
                width=max(2, round(room * figure.value / largest)),
                text_y=y + BAR_HEIGHT // 2 + 5,
                lang=(
                    content_lang(figure.category, "name")
                    if figure.category
                    else content_lang(figure, "label")
                ),
            )
        )
    return BarChart(bars=bars, height=len(figures) * (BAR_HEIGHT + BAR_GAP))
