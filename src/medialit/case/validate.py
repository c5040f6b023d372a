"""Check annotation data: the JSON Schema first, then every cross-reference and span."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from medialit.case.yamlpos import Path as YPath
from medialit.case.yamlpos import line_of
from medialit.errors import Problem
from medialit.model import Article

SCHEMA_FILE = "annotations-v1.json"


def annotation_schema() -> dict[str, object]:
    """Return the shipped JSON Schema of annotations (version 1)."""
    return shipped_schema(SCHEMA_FILE)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _item_id(data: Any, path: YPath) -> str | None:
    """The ``id`` of the list item that contains ``path``, if any."""
    node = data
    found = None
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


@cache
def shipped_schema(name: str) -> dict[str, object]:
    """Return one of the JSON Schemas shipped in ``medialit/schemas`` (``lesson-v1.json`` ...)."""
    text = (resources.files("medialit") / "schemas" / name).read_text("utf-8")
    return dict(json.loads(text))


def _schema_problems(data: object, lines: dict[YPath, int], file: str) -> list[Problem]:
    return schema_problems(annotation_schema(), data, lines, file)


def schema_problems(schema: dict[str, object], data: object, lines: dict[YPath, int], file: str) -> list[Problem]:
    """Every way ``data`` breaks ``schema``, located by line (from :func:`~medialit.case.yamlpos.load_with_lines`)."""
    # Lazy on purpose: jsonschema is not a student dependency (the [grade] and [author] extras),
    # and modules that import this one (curriculum.spec) are imported on a student's path.
    from medialit._jsonschema import errors

    out = []
    for err in errors(schema, data):
        path = tuple(err.absolute_path)
        where = ".".join(str(p) for p in path) or "(top level)"
        fix = ""
        if err.validator == "enum":
            fix = "use one of: " + ", ".join(map(str, err.validator_value))
            hint = _suggest(str(err.instance), map(str, err.validator_value))
            if hint:
                fix = f"{hint} ({fix})"
        elif err.validator == "required":
            fix = "add the missing field"
        elif err.validator == "additionalProperties":
            fix = "remove or rename the field (see the schema for allowed names)"
            allowed = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            extra = [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
            if extra:
                hint = _suggest(str(extra[0]), allowed)
                fix = f"{hint} ({fix})" if hint else fix
                path = (*path, extra[0])  # the line of the unexpected field itself
        elif err.validator == "pattern":
            fix = f"the value must match {err.validator_value}"
        out.append(Problem(file, line_of(lines, path), _item_id(data, path), f"{where}: {err.message}", fix))
    return out


def check_annotations(data: dict[str, object], lines: dict[YPath, int], article: Article, file: str) -> list[Problem]:
    """Return every problem in ``data`` (empty when valid).

    Checks, in order: the JSON Schema; unique ids; every referenced id resolves
    (with a suggestion for a mistyped one); every span is exact text of its
    sentence; every citation has a URL, an archive reference or a stated reason
    for having neither; every fact check cites a source; every sentence is
    covered by a claim or listed in ``no_claim_sentences``.
    """
    problems = _schema_problems(data, lines, file)
    if problems:
        return problems
    return list(_reference_problems(data, lines, article, file))


def _reference_problems(
    data: dict[str, Any], lines: dict[YPath, int], article: Article, file: str
) -> Iterator[Problem]:
    ids: dict[str, set[str]] = {}
    yield from _duplicate_ids(data, lines, file, ids)
    check = _References(file, lines, {s.id: s.text for s in article.sentences}, {b.id for b in article.blocks}, ids)
    yield from check.citations(data["citations"])
    yield from check.claims(data["claims"])
    for i, s in enumerate(data["sources"]):
        for j, cit in enumerate(s.get("citations") or ()):
            yield from check.ref("citations", cit, ("sources", i, "citations", j), s["id"])
    for i, a in enumerate(data["attributions"]):
        yield from check.attribution(a, i)
    for i, f in enumerate(data["framing"]):
        yield from check.framing(f, i)
    for i, fc in enumerate(data["fact_checks"]):
        yield from check.fact_check(fc, i)
    yield from check.coverage(data)


def _duplicate_ids(
    data: dict[str, Any], lines: dict[YPath, int], file: str, ids: dict[str, set[str]]
) -> Iterator[Problem]:
    """A problem per repeated id within a layer; fills ``ids`` with each layer's ids."""
    for layer in ("citations", "sources", "claims", "attributions", "framing", "fact_checks"):
        seen: set[str] = set()
        for i, item in enumerate(data[layer]):
            if item["id"] in seen:
                yield Problem(
                    file,
                    line_of(lines, (layer, i, "id")),
                    item["id"],
                    f"duplicate id in {layer}",
                    "give each item its own id",
                )
            seen.add(item["id"])
        ids[layer] = seen


@dataclass(frozen=True)
class _References:
    """The checks that an annotation's ids, sentences and spans exist in the file and the article."""

    file: str
    lines: dict[YPath, int]
    sentences: dict[str, str]
    blocks: set[str]
    ids: dict[str, set[str]]

    def ref(self, kind: str, value: str, path: YPath, owner: str) -> Iterator[Problem]:
        """``value`` is an id of layer ``kind``."""
        if value not in self.ids[kind]:
            hint = _suggest(value, self.ids[kind])
            yield Problem(
                self.file,
                line_of(self.lines, path),
                owner,
                f"unknown {kind[:-1].replace('_', ' ')} id '{value}'",
                hint or f"add it to {kind} or correct the id",
            )

    def sentence(self, value: str, path: YPath, owner: str | None) -> Iterator[Problem]:
        """``value`` is a sentence id of the article."""
        if value not in self.sentences:
            hint = _suggest(value, self.sentences)
            yield Problem(
                self.file,
                line_of(self.lines, path),
                owner,
                f"unknown sentence id '{value}'",
                hint or "sentence ids look like p7.s2 (paragraph 7, sentence 2)",
            )

    def span(self, sid: str, text: str, path: YPath, owner: str) -> Iterator[Problem]:
        """``text`` is word for word in sentence ``sid`` (when that sentence exists)."""
        if sid in self.sentences and text not in self.sentences[sid]:
            best = difflib.get_close_matches(text, _windows(self.sentences[sid], len(text)), n=1, cutoff=0.5)
            fix = f"the closest text in {sid} is '{best[0]}'" if best else f"copy the words exactly from {sid}"
            yield Problem(self.file, line_of(self.lines, path), owner, f"span '{text}' is not in sentence {sid}", fix)

    def citations(self, citations: list[dict[str, Any]]) -> Iterator[Problem]:
        """Every citation has a URL, an archive reference or a reason for neither."""
        for i, cit in enumerate(citations):
            if not (cit.get("url") or cit.get("archive") or cit.get("no_url_reason")):
                yield Problem(
                    self.file,
                    line_of(self.lines, ("citations", i)),
                    cit["id"],
                    "citation without a URL, an archive reference or a reason why it has neither",
                    "add 'url:', or 'archive:' (e.g. a report's index number), or 'no_url_reason:'",
                )

    def claims(self, claims: list[dict[str, Any]]) -> Iterator[Problem]:
        """Every claim is on a sentence of the article, and its span is in that sentence."""
        for i, c in enumerate(claims):
            yield from self.sentence(c["sentence"], ("claims", i, "sentence"), c["id"])
            if c.get("span"):
                yield from self.span(c["sentence"], c["span"], ("claims", i, "span"), c["id"])

    def attribution(self, a: dict[str, Any], i: int) -> Iterator[Problem]:
        """Attribution ``i`` names known claims, sources and citations, and its cue is in its sentence."""
        for j, cid in enumerate(a["claims"]):
            yield from self.ref("claims", cid, ("attributions", i, "claims", j), a["id"])
        yield from self.ref("sources", a["source"], ("attributions", i, "source"), a["id"])
        for j, sid in enumerate(a.get("chain") or ()):
            yield from self.ref("sources", sid, ("attributions", i, "chain", j), a["id"])
        for key in ("original", "citations"):
            for j, cit in enumerate(a.get(key) or ()):
                yield from self.ref("citations", cit, ("attributions", i, key, j), a["id"])
        if a.get("cue"):
            cue = a["cue"]
            yield from self.sentence(cue["sentence"], ("attributions", i, "cue", "sentence"), a["id"])
            yield from self.span(cue["sentence"], cue["text"], ("attributions", i, "cue", "text"), a["id"])

    def framing(self, f: dict[str, Any], i: int) -> Iterator[Problem]:
        """Framing device ``i`` is anchored to spans or paragraphs that exist, and cites known citations."""
        for j, sp in enumerate(f.get("spans") or ()):
            yield from self.sentence(sp["sentence"], ("framing", i, "spans", j, "sentence"), f["id"])
            yield from self.span(sp["sentence"], sp["text"], ("framing", i, "spans", j, "text"), f["id"])
        for j, pid in enumerate(f.get("paragraphs") or ()):
            if pid not in self.blocks:
                yield Problem(
                    self.file,
                    line_of(self.lines, ("framing", i, "paragraphs", j)),
                    f["id"],
                    f"unknown paragraph id '{pid}'",
                    _suggest(pid, self.blocks) or "paragraph ids look like p7 or f2",
                )
        for j, cit in enumerate(f.get("citations") or ()):
            yield from self.ref("citations", cit, ("framing", i, "citations", j), f["id"])
        if not f.get("spans") and not f.get("paragraphs"):
            yield Problem(
                self.file,
                line_of(self.lines, ("framing", i)),
                f["id"],
                "a framing device needs spans or paragraphs",
                "anchor it to the text it is about",
            )

    def fact_check(self, fc: dict[str, Any], i: int) -> Iterator[Problem]:
        """Fact check ``i`` is of a known claim, cites (unless unchecked), and each account cites."""
        yield from self.ref("claims", fc["claim"], ("fact_checks", i, "claim"), fc["id"])
        if not fc["citations"] and fc["verdict"] != "unchecked":
            yield Problem(
                self.file,
                line_of(self.lines, ("fact_checks", i)),
                fc["id"],
                "fact check without a citation",
                "add the ids of the sources that support the verdict under 'citations'",
            )
        for j, cit in enumerate(fc["citations"]):
            yield from self.ref("citations", cit, ("fact_checks", i, "citations", j), fc["id"])
        for k, acc in enumerate(fc.get("accounts") or ()):
            if not acc["citations"]:
                yield Problem(
                    self.file,
                    line_of(self.lines, ("fact_checks", i, "accounts", k)),
                    fc["id"],
                    f"the account of '{acc['side']}' has no citation",
                    "cite where that side states it",
                )
            for j, cit in enumerate(acc["citations"]):
                yield from self.ref("citations", cit, ("fact_checks", i, "accounts", k, "citations", j), fc["id"])

    def coverage(self, data: dict[str, Any]) -> Iterator[Problem]:
        """Every sentence has a claim or is listed (with a known id) under ``no_claim_sentences``."""
        covered = {c["sentence"] for c in data["claims"]}
        for j, sid in enumerate(data.get("no_claim_sentences") or ()):
            yield from self.sentence(sid, ("no_claim_sentences", j), None)
        covered |= set(data.get("no_claim_sentences") or ())
        for sid in self.sentences:
            if sid not in covered:
                yield Problem(
                    self.file,
                    line_of(self.lines, ("claims",)),
                    sid,
                    f"sentence {sid} has no claim",
                    f"annotate a claim in {sid} or list it under no_claim_sentences",
                )


def _windows(text: str, size: int) -> list[str]:
    """Substrings of ``text`` of about ``size`` characters, on word starts."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == " "]
    return [text[s : s + size] for s in starts]
