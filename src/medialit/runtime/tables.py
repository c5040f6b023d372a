"""The case's published tables and figures, for code cells: claims, dated sources, the article's date."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from typing import Any

from medialit.analysis.figures import sourcing_alt_text_of, sourcing_figure_of, timeline_alt_text_of, timeline_figure_of
from medialit.analysis.profile import ParagraphProfile, TimelineEntry
from medialit.extras import installed
from medialit.runtime.session import current


def claims_table() -> list[dict[str, str]]:
    """One row per annotated claim: its ``kind`` and how the article attributes it.

    Each row: ``kind`` (``factual``, ``opinion``, ``prediction`` or ``label``)
    and ``attribution`` (``attributed``, ``anonymous`` or ``unattributed``).
    Rows are sorted and carry no claim, sentence or paragraph id: the table is
    published for counting, and cannot answer which sentence is which.
    """
    return [dict(r) for r in current().view.claims]


class FigureView:
    """A figure shown as a PNG with alt text (HTML ``<img alt>``), so screen readers get a description."""

    def __init__(self, figure: Any, alt: str) -> None:
        self.figure = figure
        self.alt = alt

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()

    def _repr_html_(self) -> str:
        data = base64.b64encode(self._repr_png_()).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" style="max-width:100%">'


#: What a figure cell says when matplotlib is not installed (a student install has only the runtime).
FIGURE_EXTRA_NOTE = (
    "The picture of this figure needs matplotlib, which this installation lacks: "
    "pip install 'medialit[figures]' (or see the figure on the course site). What it shows:"
)


def _have_matplotlib() -> bool:
    return installed("matplotlib")


class FigureText:
    """A figure's description where matplotlib is missing: the alt text, and how to get the picture."""

    def __init__(self, alt: str) -> None:
        self.alt = alt

    def __repr__(self) -> str:
        return f"{FIGURE_EXTRA_NOTE}\n{self.alt}"

    def _repr_html_(self) -> str:
        return (
            f'<figure class="medialit-figure-text"><figcaption>{html.escape(FIGURE_EXTRA_NOTE)}</figcaption>'
            f"<p>{html.escape(self.alt)}</p></figure>"
        )


def _profile() -> list[Any]:
    return [
        ParagraphProfile(
            paragraph=str(r["paragraph"]),
            claims=int(r["attributed"]) + int(r["anonymous"]) + int(r["unattributed"]),
            attributed=int(r["attributed"]),
            anonymous=int(r["anonymous"]),
            unattributed=int(r["unattributed"]),
        )
        for r in current().view.paragraphs
    ]


def _timeline() -> list[Any]:
    ref = article_date()
    out = []
    for r in current().view.sources:
        day = dt.date.fromisoformat(r["date"])
        out.append(TimelineEntry(r["source"], r["name"], day, (ref - day).days if ref else None))
    return out


def sourcing_figure() -> FigureView | FigureText:
    """The claims-by-paragraph figure of the current case, with alt text."""
    prof = _profile()
    alt = sourcing_alt_text_of(prof)
    return FigureView(sourcing_figure_of(prof), alt) if _have_matplotlib() else FigureText(alt)


def timeline_figure() -> FigureView | FigureText:
    """The source timeline figure of the current case, with alt text.

    Sources whose dates an exercise asks students to find (``settings.withhold_dates``) are not
    in the student's tables, so they are not on the time line either.
    """
    entries = _timeline()
    alt = timeline_alt_text_of(entries)
    if not _have_matplotlib():
        return FigureText(alt)
    return FigureView(timeline_figure_of(entries, article_date()), alt)


def sources_table(ids: list[str] | None = None) -> list[dict[str, str]]:
    """The dated sources of the current case (or those in ``ids``), oldest first.

    Each row: ``source`` (id), ``name``, ``kind`` and ``date`` (``YYYY-MM-DD``; a
    month-only date counts as the first of the month).
    """
    rows = [dict(r) for r in current().view.sources]
    if ids is not None:
        known = {r["source"] for r in rows}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise KeyError(f"no dated source with id {', '.join(unknown)}")
        rows = [r for r in rows if r["source"] in ids]
    return rows


def article_date() -> Any:
    """The article's date, or the first day of its estimated date window (a ``datetime.date``)."""
    art = current().view.article
    if art.date is not None:
        return art.date
    return art.date_estimate.earliest if art.date_estimate else None
