"""Matplotlib figures of a case, colour-blind safe and readable without colour (hatching, labels)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from medialit.analysis.profile import ParagraphProfile, TimelineEntry, source_timeline, sourcing_profile
from medialit.model import Case

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "grey": "#999999", "vermillion": "#D55E00"}


def sourcing_figure(case: Case) -> Figure:
    """Stacked bars: claims per paragraph with a named source, an unnamed source, or none."""
    return sourcing_figure_of(sourcing_profile(case))


def sourcing_figure_of(prof: Sequence[ParagraphProfile]) -> Figure:
    """:func:`sourcing_figure` drawn from a sourcing profile (the student bundle has no annotations)."""
    # Lazy: matplotlib.figure takes 0.5 s to import (python -X importtime, best of three), and the
    # runtime imports this module in every notebook, most of which draw no figure.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    names = [p.paragraph.upper() for p in prof]
    series = [
        ("named source", [p.attributed for p in prof], OKABE_ITO["blue"], ""),
        ("unnamed or vague source", [p.anonymous for p in prof], OKABE_ITO["orange"], "//"),
        ("no source given", [p.unattributed for p in prof], OKABE_ITO["grey"], ".."),
    ]
    fig = Figure(figsize=(8, 3.6), dpi=100)
    ax = fig.subplots()
    bottom = [0] * len(prof)
    for label, values, colour, hatch in series:
        ax.bar(names, values, bottom=bottom, label=label, color=colour, hatch=hatch, edgecolor="black", linewidth=0.5)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("claims")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # claims are counted whole: no half ticks
    ax.set_xlabel("paragraph")
    ax.set_title("Where the claims come from, paragraph by paragraph")
    # Beside the plot, not over it: "best" still covered the bars of an article whose last
    # paragraphs hold the most claims (trial 28).
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.tick_params(axis="x", labelrotation=60, labelsize="small")
    fig.tight_layout()
    return fig


def _reference_date(case: Case) -> dt.date | None:
    est = case.article.date_estimate
    return case.article.date or (est.earliest if est else None)


def timeline_figure(case: Case) -> Figure:
    """Each dated source on a time axis (names on the y axis), with the article's date marked."""
    return timeline_figure_of(source_timeline(case), _reference_date(case))


def timeline_figure_of(entries: Sequence[TimelineEntry], ref: dt.date | None) -> Figure:
    """:func:`timeline_figure` drawn from timeline entries and the article's (reference) date."""
    import matplotlib.dates as mdates  # lazy: see sourcing_figure_of
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 1.2 + 0.42 * max(1, len(entries))), dpi=100)
    ax = fig.subplots()
    ys = list(range(len(entries)))
    xs = [mdates.date2num(e.date) for e in entries]
    ax.scatter(xs, ys, marker="D", color=OKABE_ITO["blue"], zorder=3)
    for x, y, e in zip(xs, ys, entries, strict=True):
        # The date, not the age: working out a source's age is the student's move.
        ax.annotate(f"{e.date:%b %Y}", (x, y), xytext=(7, -4), textcoords="offset points", fontsize="small")
    ax.set_yticks(ys, [_short(e.name) for e in entries], fontsize="small")
    ax.invert_yaxis()
    if ref is not None:
        ax.axvline(mdates.date2num(ref), color=OKABE_ITO["vermillion"], linestyle="--", label="the article's date")
        ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(0, -0.12), ncols=1)
    ax.xaxis.set_major_locator(mdates.YearLocator(base=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.margins(x=0.12)
    ax.set_title("When were the article's sources written?", fontsize="medium")
    fig.tight_layout()
    return fig


def _short(name: str, width: int = 42) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def sourcing_alt_text(case: Case) -> str:
    """A text description of :func:`sourcing_figure`: where named, unnamed and no sources fall.

    It gives no totals of unsourced claims: counting them is an exercise, and alt text must not
    hand it over.
    """
    return sourcing_alt_text_of(sourcing_profile(case))


def sourcing_alt_text_of(prof: Sequence[ParagraphProfile]) -> str:
    """:func:`sourcing_alt_text` from a sourcing profile.

    It says where the named sources begin and how the bars are split, but lists no paragraphs
    with unnamed or vague sources: which sentences rest on them is an exercise (issue 21).
    """
    named = [p.paragraph.upper() for p in prof if p.attributed]
    total = sum(p.claims for p in prof)
    first = f"Named sources appear from {named[0]} on" if named else "No claim has a named source"
    return (
        f"Stacked bar chart of the {total} claims by paragraph, each bar split into claims with a "
        f"named source, with an unnamed or vague source, and with no source. {first}; the chart "
        "shows the source the article gives for each claim, not the sources behind it."
    )


def timeline_alt_text(case: Case) -> str:
    """A text description of :func:`timeline_figure`."""
    return timeline_alt_text_of(source_timeline(case))


def timeline_alt_text_of(entries: Sequence[TimelineEntry]) -> str:
    """:func:`timeline_alt_text` from timeline entries.

    It describes the chart without listing each source and its date (issue 21: the list read
    out the data of an exercise, and gave month-precision dates as days); the lesson's table
    gives each source's date at the precision known.
    """
    if not entries:
        return "Timeline of the dated sources the article draws on: none is dated."
    years = sorted({e.date.year for e in entries})
    span = f"from {years[0]} to {years[-1]}" if len(years) > 1 else f"in {years[0]}"
    return (
        f"Timeline of the {len(entries)} dated sources the article draws on, {span}, one row per "
        "source, each labelled with its month and year, with the article's date marked by a dashed line."
    )
