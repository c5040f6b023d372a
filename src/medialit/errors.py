"""Exceptions raised by medialit.

The tree::

    MedialitError (Exception)
    ├── CaseError                 a case study cannot be loaded or is invalid
    │   ├── ArticleError           the article file or its front matter is malformed
    │   ├── AnnotationError        annotations.yaml breaks the schema or refers to unknown ids
    │   │                          (carries every Problem found, each with file, line, id, fix)
    │   │   └── PacketError         packet.yaml (the source packet) breaks its schema, cites
    │   │                          unknown ids or disagrees with the citations it stands for
    │   ├── BundleError            a student bundle is malformed, or was given where the
    │   │                          teacher's case (with annotations) is needed
    │   └── ReviewDecisionError (ValueError)  a review decision names an item the case does
    │                              not have, or asks two things of one item
    ├── CurriculumError (ValueError)  a question spec is malformed or its key cannot be derived
    ├── StaleOutputError           `generate --check` found files that differ from the generator's
    ├── GradingError               a submission cannot be graded (becomes one error row)
    ├── LmsExportError             a Canvas gradebook export or Moodle worksheet cannot be used
    ├── WidgetError (ValueError)   a widget was built for an unknown question, passage or label
    ├── BookBuildError             the Jupyter Book build failed
    │   └── CourseFolderError       the folder is not a course folder for this case (a medialit
    │                              checkout given another case, a course whose copied case is stale)
    └── UnreviewedKeysError        the student edition would grade against keys that rest on
                                   drafted annotations still marked needs_review

Library code raises these; only the CLI prints them (one line each, no traceback
unless ``--debug``).
"""

from __future__ import annotations

from dataclasses import dataclass


class MedialitError(Exception):
    """Base class of every error medialit raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an author's file."""

    file: str
    line: int | None
    id: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f" [{self.id}]" if self.id else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}:{what} {self.message}.{fix}"


class CaseError(MedialitError):
    """A case study cannot be loaded or is invalid."""


class ArticleError(CaseError):
    """The article file or its front matter is malformed."""


class AnnotationError(CaseError):
    """The annotations break the schema or refer to ids that do not exist."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem(s) in the annotations"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))


class PacketError(AnnotationError):
    """The source packet (``packet.yaml``) is malformed or does not match the annotations."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        head = f"{len(problems)} problem(s) in the source packet"
        self.args = (head + ":\n" + "\n".join(f"  {p}" for p in problems),)


class BundleError(CaseError):
    """A student bundle is malformed, or stands where the teacher's annotated case is needed."""


class ReviewDecisionError(CaseError, ValueError):
    """A review decision (``medialit review``) names an unknown item id or asks two things of one item."""


class CurriculumError(MedialitError, ValueError):
    """A question spec is malformed or its key cannot be derived."""


class StaleOutputError(MedialitError):
    """Generated files on disk differ from what the generator would write."""

    def __init__(self, stale: list[str]) -> None:
        self.stale = stale
        super().__init__(
            f"{len(stale)} generated file(s) are stale: "
            + ", ".join(stale)
            + ". Fix: run `medialit generate` and commit the result."
        )


class LmsExportError(MedialitError):
    """A Canvas gradebook export or a Moodle grading worksheet is missing a column or cannot be read."""


class GradingError(MedialitError):
    """A submission cannot be graded."""


class WidgetError(MedialitError, ValueError):
    """A widget was built for an unknown question, passage or label set."""


class BookBuildError(MedialitError):
    """The Jupyter Book build failed."""


class CourseFolderError(BookBuildError):
    """The folder cannot hold this course: a medialit checkout given another case study, for example."""


class UnreviewedKeysError(MedialitError):
    """Graded keys rest on drafted annotation items still marked ``needs_review``.

    The student edition refuses to build on them unless the teacher says so explicitly.
    """
