"""ECharts options built on the server; templates hand them to static/js/app.js as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

PALETTE = ["#1f6fb2", "#2e86c1", "#48c9b0", "#f5b041", "#af7ac5", "#ec7063", "#5d6d7e", "#58d68d"]


def bar(labels: Sequence[str], values: Sequence[float], *, name: str, horizontal: bool = False):
    category: dict[str, Any] = {
        "type": "category",
        "data": list(labels),
        "axisLabel": {"interval": 0},
    }
    value = {"type": "value", "minInterval": 1}
    if not horizontal:
        category["axisLabel"]["rotate"] = 30 if len(labels) > 5 else 0
    return {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": value if horizontal else category,
        "yAxis": category if horizontal else value,
        "series": [
            {
                "type": "bar",
                "name": name,
                "data": list(values),
                "label": {"show": True, "position": "right" if horizontal else "top"},
                "barMaxWidth": 36,
            }
        ],
    }


def pie(items: Sequence[tuple[str, float]], *, name: str, colours: Mapping[str, str] | None = None):
    """A ring with its legend underneath, so that labels never run into the legend.

    `colours` fixes the colour of named slices (statuses keep the colours of their badges).
    """
    data = []
    for label, value in items:
        if value:
            item = {"name": label, "value": value}
            if colours and label in colours:
                item["itemStyle"] = {"color": colours[label]}
            data.append(item)
    return {
        "color": PALETTE,
        "tooltip": {"trigger": "item", "formatter": "{b}：{c}（{d}%）"},
        "legend": {"type": "scroll", "bottom": 0, "left": "center"},
        "series": [
            {
                "type": "pie",
                "name": name,
                "radius": ["35%", "62%"],
                "center": ["50%", "45%"],
                "data": data,
                "label": {"formatter": "{b} {c}"},
                "avoidLabelOverlap": True,
            }
        ],
    }
