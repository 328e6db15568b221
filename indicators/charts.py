"""ECharts options of the indicator pages (the shared bar and pie: healthreport.lib.charts)."""

from __future__ import annotations

from healthreport.lib.charts import PALETTE, pie
from indicators.evaluation import Status, round_half_up


def _number(value, decimals: int):
    return None if value is None else float(round_half_up(value, decimals))


def trend(indicator, series) -> dict:
    """Values over the years as a line, the target of each year as a dashed line."""
    years = [f"{r.year}年" for r in series]
    lines = [
        {
            "type": "line",
            "name": indicator.name,
            "data": [_number(r.value, indicator.decimals) for r in series],
            "label": {"show": True},
            "connectNulls": False,
        }
    ]
    absolute = [
        _number(r.target_value, indicator.decimals)
        if r.target_operator in (">=", "<=", "=")
        else None
        for r in series
    ]
    if any(v is not None for v in absolute):
        lines.append(
            {
                "type": "line",
                "name": "目标",
                "data": absolute,
                "lineStyle": {"type": "dashed"},
                "symbol": "none",
            }
        )
    return {
        "color": [PALETTE[0], "#c0392b"],
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 24, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value", "name": indicator.unit_label, "scale": True},
        "series": lines,
    }


# The same colours as the status badges (static/css/indicators.css).
STATUS_COLOURS = {
    Status.EXCEEDED: "#145a32",
    Status.MET: "#1e8449",
    Status.SLIGHTLY_BELOW: "#d68910",
    Status.NOT_MET: "#c0392b",
    Status.NOT_REPORTED: "#7f8c8d",
    Status.NO_TARGET: "#d5dbdf",
    Status.NOT_COMPUTABLE: "#95a5a6",
}


def status_pie(counts: dict[str, int]) -> dict:
    """A ring of status counts keyed by status code, named by the statuses' labels."""
    return pie(
        [(Status(code).label, n) for code, n in counts.items()],
        name="完成情况",
        colours={Status(code).label: colour for code, colour in STATUS_COLOURS.items()},
    )
