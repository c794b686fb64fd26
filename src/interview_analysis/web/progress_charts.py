"""The history page's charts: one trend per score over the user's sessions, with the key figures in words."""

from __future__ import annotations

from interview_analysis.web.charts import trend
from interview_analysis.web.progress import ProgressResponse
from interview_analysis.web.report_charts import Figure


def signed(value: float | None) -> str:
    """+3.5 / −2.0 / 0, or a dash when there is nothing to compare with."""
    if value is None:
        return "–"
    if value == 0:
        return "0"
    return f"+{value:g}" if value > 0 else f"−{abs(value):g}"


def trend_figures(progress: ProgressResponse) -> list[Figure]:
    labels = [f"{i + 1}회" for i in range(len(progress.sessions))]
    figures = []
    for metric in progress.metrics:
        values = [s.scores.get(metric.key) for s in progress.sessions]
        if metric.latest is None:
            caption = f"{metric.title}: 측정된 회차가 없습니다."
        else:
            caption = (
                f"{metric.title}: {metric.sessions}회 측정, 최근 {metric.latest:g}점 / {metric.max:g}, "
                f"평균 {metric.average:g}점, 최고 {metric.best:g}점, 이전 대비 {signed(metric.change_vs_previous)}, "
                f"평균 대비 {signed(metric.change_vs_average)}"
            )
        figures.append(
            Figure(
                id=f"trend-{metric.key}",
                title=f"{metric.title} (만점 {metric.max:g})",
                chart=trend(values, labels, metric.max),
                caption=caption,
                has_data=metric.latest is not None,
            )
        )
    return figures
