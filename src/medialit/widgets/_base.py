"""The shared base of medialit's question widgets.

A widget is a thin anywidget class: synced traits plus one ESM file (bundled from
``static/<widget>.js`` and ``static/common.js`` into ``static/bundled/``) and one CSS
file shipped in ``static/``. The JS owns all behaviour (selection, keyboard,
practice feedback); Python validates the state and builds the static HTML
fallback that a Jupyter Book page shows with no kernel.
"""

from __future__ import annotations

import html
import json
import pathlib
import re
from collections.abc import Collection, Mapping
from typing import Any, ClassVar

import anywidget
import traitlets as t

from medialit.errors import WidgetError
from medialit.model import Question

STATIC = pathlib.Path(__file__).parent / "static"
#: The widget modules bundled with their shared helpers (``common.js``), one file per widget;
#: built by ``scripts/build_widgets.mjs`` (``npm run build:widgets``) and committed.
BUNDLED = STATIC / "bundled"


def esm_source(name: str) -> str:
    """One widget's ES module as anywidget and the static fallback load it: ``bundled/<name>``.

    The source modules in ``static/`` import ``common.js``; anywidget loads a single
    module per widget, so each is bundled at build time into one self-contained file.
    Raises :class:`WidgetError` when the bundle is missing (at class definition).
    """
    path = BUNDLED / name
    if not path.is_file():
        raise WidgetError(
            f"widget bundle is missing: {path}; build it with `npm ci && npm run build:widgets` "
            "(from the repository root)"
        )
    return path.read_text(encoding="utf-8")


MODES = ("practice", "graded")

#: The synced traits the ESM reads, in the order they are written to the static state.
STATE_KEYS = (
    "question",
    "prompt",
    "mode",
    "items",
    "labels",
    "value",
    "practice_key",
    "status",
    "restore_note",
    "restore_value",
)

# Constant boot script of the static fallback. It finds every not-yet-booted
# widget container on the page, imports the inlined ESM through a Blob URL and
# calls its render() with a stand-in model, so no JS is ever built from strings.
_STATIC_LOADER = """
const boot = async (root) => {
  root.setAttribute("data-medialit-booted", "");
  const mount = root.querySelector(".medialit-mount");
  const t0 = performance.now();
  try {
    const state = JSON.parse(root.querySelector("script.medialit-state").textContent);
    const source = JSON.parse(root.querySelector("script.medialit-esm").textContent);
    const listeners = new Map();
    const emit = (name) => { for (const f of [...(listeners.get(name) || [])]) f(); };
    const model = {
      get: (key) => state[key],
      set: (key, value) => { state[key] = value; emit("change:" + key); emit("change"); },
      save_changes: () => {
        root.setAttribute("data-medialit-value", JSON.stringify(state.value));
        root.setAttribute("data-medialit-status", String(state.status || ""));
      },
      on: (name, f) => {
        for (const n of String(name).split(" ")) {
          if (!listeners.has(n)) listeners.set(n, []);
          listeners.get(n).push(f);
        }
      },
      off: (name, f) => {
        if (!name) { listeners.clear(); return; }
        for (const n of String(name).split(" ")) {
          if (!f) listeners.delete(n);
          else listeners.set(n, (listeners.get(n) || []).filter((g) => g !== f));
        }
      },
    };
    // Shown by a live kernel but rendered here, statically: the front end could not run the live
    // widget, so nothing clicked here reaches the kernel. Say so above the widget and on its buttons.
    const unsaved = typeof state.unsaved_note === "string" ? state.unsaved_note : "";
    let banner = null;
    const sayUnsaved = () => {
      if (!banner) return;
      for (const b of mount.querySelectorAll("button, input")) {
        b.title = "Not saved: " + unsaved;
        b.setAttribute("aria-describedby", banner.id);
      }
    };
    if (unsaved) {
      banner = document.createElement("div");
      banner.className = "medialit-unsaved";
      banner.id = root.id + "-unsaved";
      banner.setAttribute("role", "note");
      const head = document.createElement("strong");
      head.textContent = "Answers here are not saved: ";
      banner.append(head, document.createTextNode(unsaved));
      root.insertBefore(banner, mount);
      root.setAttribute("data-medialit-unsaved", "");
      const save = model.save_changes;
      model.save_changes = () => {
        save();
        banner.setAttribute("data-medialit-clicked", "");
        banner.lastChild.textContent = unsaved + " Your last change is shown but was not saved.";
        sayUnsaved();
      };
    }
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    let mod;
    try { mod = await import(url); } finally { URL.revokeObjectURL(url); }
    let widget = mod.default ?? mod;
    if (typeof widget === "function") widget = await widget();
    mount.replaceChildren();
    const t1 = performance.now();
    await widget.render({ model, el: mount });
    const t2 = performance.now();
    sayUnsaved();
    if (banner) new MutationObserver(sayUnsaved).observe(mount, { childList: true, subtree: true });
    root.setAttribute("data-medialit-render-ms", (t2 - t1).toFixed(2));
    root.setAttribute("data-medialit-boot-ms", (t2 - t0).toFixed(2));
  } catch (err) {
    const alert = document.createElement("div");
    alert.className = "medialit-error";
    alert.setAttribute("role", "alert");
    alert.textContent = "This exercise could not be displayed: " + ((err && err.message) || err);
    mount.replaceChildren(alert);
  }
};
for (const root of document.querySelectorAll("[data-medialit-static]:not([data-medialit-booted])")) {
  boot(root);
}
"""


class InvalidStateError(WidgetError, t.TraitError):
    """A WidgetError raised by a trait validator.

    It is also a ``TraitError`` so that traitlets rolls the trait back: a bad
    value sent by the front end is refused and the previous value kept.
    """


def _as_trait_error(func: Any) -> object:
    def validator(self: Any, proposal: object) -> object:
        try:
            return func(self, proposal)
        except InvalidStateError:
            raise
        except WidgetError as err:
            raise InvalidStateError(str(err)) from None

    validator.__name__ = func.__name__
    validator.__doc__ = func.__doc__
    return validator


def _normalise_kind(name: str | None) -> str:
    return re.sub(r"[\s_\-]", "", name or "").lower()


def _cite(ids: list[str], citations: Mapping[str, Mapping[str, Any]]) -> list[dict[str, str]]:
    """Citation ids as ``{"id", "title", "url"}`` for the feedback (the id stands in for a missing title)."""
    out = []
    for cid in ids:
        info = citations.get(cid, {})
        out.append({"id": cid, "title": str(info.get("title") or cid), "url": str(info.get("url") or "")})
    return out


def _slug(question_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", question_id) or "question"


def _json_for_script(data: Any) -> str:
    """Serialise ``data`` for a ``<script type="application/json">`` element.

    Every ``<`` becomes ``\\u003c`` (still valid JSON), so neither ``</script>``
    nor ``<!--`` can end or confuse the element.
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


class QuestionWidget(anywidget.AnyWidget):
    """Base of the question widgets; subclasses set ``kind``, ``_esm`` and ``_css``.

    Not meant to be displayed itself. Build a widget with :meth:`from_question`.
    """

    #: ``data-medialit-widget`` value, also the accepted ``Question.widget`` name.
    kind: ClassVar[str] = ""

    question = t.Unicode("").tag(sync=True)
    prompt = t.Unicode("").tag(sync=True)
    mode = t.Unicode("practice").tag(sync=True)
    items = t.List(t.Dict()).tag(sync=True)
    labels = t.List(t.Unicode()).tag(sync=True)
    value = t.Any(allow_none=False).tag(sync=True)
    practice_key = t.Dict().tag(sync=True)
    status = t.Unicode("").tag(sync=True)
    #: Set by ``show()`` when the widget starts empty while the notebook holds a saved answer:
    #: the message, and the saved value the widget's "Restore" button puts back.
    restore_note = t.Unicode("").tag(sync=True)
    restore_value = t.Any(None, allow_none=True).tag(sync=True)
    #: Not synced: set by the runtime on a widget it shows from a kernel, for the static fallback to
    #: show when a front end renders that instead of the live widget (nothing reaches the kernel
    #: then). Empty in the book's previews, which save nothing by design and say so themselves.
    unsaved_note: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Fail when the class is defined, with our error, if a package file is missing;
        # anywidget then turns the paths into FileContents.
        for key in ("_esm", "_css"):
            path = cls.__dict__.get(key)
            if isinstance(path, pathlib.Path) and not path.is_file():
                raise WidgetError(f"{cls.__name__}: widget file {key} is missing: {path}")
        super().__init_subclass__(**kwargs)

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_question(
        cls,
        question: Question,
        *,
        mode: str,
        value: object = None,
        citations: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> QuestionWidget:
        """Build the widget for ``question``.

        Parameters
        ----------
        question
            The question spec; its ``widget`` must name this class's kind
            (``"claim-spotter"``, ``"claim_spotter"`` and ``"ClaimSpotter"`` all work).
        mode
            ``"practice"`` (the key and per-item feedback are synced so Check works)
            or ``"graded"`` (no key material anywhere in the widget).
        value
            A previous answer to restore, in this widget's value format; ``None``
            starts empty.
        citations
            Citation id -> ``{"title", "url", ...}`` (the case's citations). With it,
            practice feedback names each source by its title and links it; without
            it, sources are shown by id.

        Raises
        ------
        WidgetError
            The question is for another widget, the mode is unknown, the items are
            empty or repeated, or ``value``/the key name an unknown item or label.
        """
        qid = question.id
        if _normalise_kind(question.widget) != _normalise_kind(cls.kind):
            raise WidgetError(f"{qid}: question is for widget {question.widget!r}, not {cls.kind!r}")
        if mode not in MODES:
            raise WidgetError(f"{qid}: unknown mode {mode!r}; use 'practice' or 'graded'")
        groups = dict(question.settings.get("groups", {}) or {})
        in_sentence = dict(question.settings.get("in_sentence", {}) or {})
        summaries = set(question.settings.get("as_summary", ()) or ())
        items: list[dict[str, str]] = []
        for option in question.items:
            item = {"id": option.id, "text": option.text}
            if option.id in groups:
                item["group"] = str(groups[option.id])
            marked = in_sentence.get(option.id)
            if isinstance(marked, Mapping) and isinstance(marked.get("context"), str) and marked.get("mark"):
                # A claim shown in its sentence with its span marked (never in quotation marks).
                item["context"], item["mark"] = marked["context"], str(marked["mark"])
            elif option.id in summaries:
                item["summary"] = "yes"  # the course's words about a claim: labelled, never quoted
            items.append(item)
        labels = list(question.labels)
        cls._check_structure(qid, items, labels)
        known = {item["id"] for item in items}
        for gid in groups:
            if gid not in known:
                raise WidgetError(f"{qid}: settings.groups names unknown item {gid!r}")
        practice_key: dict[str, Any] = {}
        if mode == "practice":
            practice_key = cls._practice_key(question, items, labels)
            if citations is not None:
                practice_key["citations"] = _cite(practice_key["citations"], citations)
                for entry in practice_key["items"].values():
                    entry["citations"] = _cite(entry["citations"], citations)
        if value is None:
            value = cls._empty_value(labels)
        return cls(
            question=qid,
            prompt=question.prompt,
            mode=mode,
            items=items,
            labels=labels,
            value=value,
            practice_key=practice_key,
        )

    @classmethod
    def _practice_key(cls, question: Question, items: list[dict[str, str]], labels: list[str]) -> dict[str, Any]:
        qid = question.id
        if question.key is None:
            raise WidgetError(f"{qid}: practice mode needs the question's key, which is None")
        key = cls._check_key(qid, question.key, items, labels)
        raw_feedback = question.settings.get("item_feedback", {}) or {}
        item_ids = {item["id"] for item in items}
        feedback: dict[str, dict[str, Any]] = {}
        for iid, entry in raw_feedback.items():
            if iid not in item_ids:
                raise WidgetError(f"{qid}: settings.item_feedback names unknown item {iid!r}")
            feedback[iid] = {
                "explanation": str(entry.get("explanation", "")),
                "citations": [str(c) for c in entry.get("citations", ())],
            }
        # settings.hint: what to look at again, shown on the first Check that is not all right
        # (before the answer); the widgets fall back to a general hint when it is empty.
        return {
            "key": key,
            "hint": str(question.settings.get("hint", "") or ""),
            "explanation": question.explanation,
            "citations": list(question.citations),
            "items": feedback,
        }

    # -- per-kind hooks (overridden) -----------------------------------------

    @classmethod
    def _empty_value(cls, labels: list[str]) -> object:
        raise NotImplementedError

    @classmethod
    def _check_value(
        cls,
        qid: str,
        value: object,
        items: list[dict[str, str]],
        labels: list[str],
        where: str = "value",
    ) -> object:
        """Return ``value`` normalised, or raise WidgetError naming the bad id."""
        raise NotImplementedError

    @classmethod
    def _check_key(cls, qid: str, key: object, items: list[dict[str, str]], labels: list[str]) -> object:
        return cls._check_value(qid, key, items, labels, where="key")

    @classmethod
    def _check_labels(cls, qid: str, labels: list[str]) -> None:
        """Subclasses that need labels raise here when there are none."""

    # -- validation -----------------------------------------------------------

    @classmethod
    def _check_structure(cls, qid: str, items: list[Any], labels: list[Any]) -> None:
        cls._check_items(qid, items)
        cls._check_label_list(qid, labels)

    @staticmethod
    def _check_items(qid: str, items: list[Any]) -> None:
        if not items:
            raise WidgetError(f"{qid}: the question has no items")
        seen: set[str] = set()
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise WidgetError(f"{qid}: item {item!r} needs a string 'id'")
            if not isinstance(item.get("text"), str):
                raise WidgetError(f"{qid}: item {item['id']!r} needs a string 'text'")
            if item["id"] in seen:
                raise WidgetError(f"{qid}: duplicate item id {item['id']!r}")
            seen.add(item["id"])

    @classmethod
    def _check_label_list(cls, qid: str, labels: list[Any]) -> None:
        seen: set[str] = set()
        for label in labels:
            if not isinstance(label, str) or not label:
                raise WidgetError(f"{qid}: label {label!r} must be a non-empty string")
            if label in seen:
                raise WidgetError(f"{qid}: duplicate label {label!r}")
            seen.add(label)
        cls._check_labels(qid, list(labels))

    @property
    def _qid(self) -> str:
        return self.question or "<no question id>"

    @t.validate("mode")
    @_as_trait_error
    def _validate_mode(self, proposal: Any) -> str:
        mode = proposal["value"]
        if mode not in MODES:
            raise WidgetError(f"{self._qid}: unknown mode {mode!r}; use 'practice' or 'graded'")
        return str(mode)

    @t.validate("items")
    @_as_trait_error
    def _validate_items(self, proposal: Any) -> list[dict[str, str]]:
        items = proposal["value"]
        self._check_items(self._qid, items)
        return [
            {k: str(item[k]) for k in ("id", "text", "group", "context", "mark", "summary") if item.get(k) is not None}
            for item in items
        ]

    @t.validate("labels")
    @_as_trait_error
    def _validate_labels(self, proposal: Any) -> list[str]:
        labels = list(proposal["value"])
        self._check_label_list(self._qid, labels)
        return labels

    @t.validate("value")
    @_as_trait_error
    def _validate_value(self, proposal: Any) -> object:
        value = proposal["value"]
        if value is None:
            value = self._empty_value(list(self.labels))
        return self._check_value(self._qid, value, list(self.items), list(self.labels))

    @t.validate("practice_key")
    @_as_trait_error
    def _validate_practice_key(self, proposal: Any) -> dict[str, Any]:
        key = dict(proposal["value"])
        if key and self.mode == "graded":
            raise WidgetError(f"{self._qid}: graded mode must not carry a practice key")
        return key

    @t.observe("mode")
    def _on_mode(self, change: Any) -> None:
        if change["new"] == "graded" and self.practice_key:
            self.practice_key = {}

    @t.default("value")
    def _default_value(self) -> object:
        return self._empty_value(list(self.labels))

    # -- static fallback ------------------------------------------------------

    def static_state(self) -> dict[str, Any]:
        """The synced state the ESM reads, as plain JSON-compatible data.

        With :attr:`unsaved_note` set, the static loader also shows it in a banner ("Answers
        here are not saved: ...") and on every button.
        """
        state = {name: getattr(self, name) for name in STATE_KEYS}
        if self.unsaved_note:
            state["unsaved_note"] = self.unsaved_note
        return state

    def static_html(self) -> str:
        """A self-contained HTML snippet that runs this widget's ESM with no kernel.

        The ESM source and the state are inlined as JSON; a constant module script
        imports the ESM from a Blob URL and renders it with a stand-in model. Ids are
        derived from the question id, so the output is the same on every run.
        """
        base = f"medialit-{_slug(self.question)}"
        css = str(self._css)
        if "</style" in css.lower():
            raise WidgetError(f"{self._qid}: widget CSS must not contain '</style'")
        fallback_items = "".join(f"<li>{_item_html(item)}</li>" for item in self.items)
        marked = any(item.get("mark") for item in self.items)
        legend = f'<p class="medialit-claim-legend">{html.escape(CLAIM_LEGEND)}</p>' if marked else ""
        return (
            f'<div class="medialit-static" id="{base}" '
            f'data-medialit-static="{html.escape(self.kind)}" '
            f'data-medialit-question="{html.escape(self.question)}">'
            f"<style>{css}</style>"
            f'<div class="medialit-mount" id="{base}-mount">'
            f'<div class="medialit-fallback"><p>{html.escape(self.prompt)}</p>{legend}'
            f"<ol>{fallback_items}</ol>"
            "<p><em>This exercise needs JavaScript to be interactive.</em></p></div>"
            "</div>"
            f'<script type="application/json" class="medialit-state" id="{base}-state">'
            f"{_json_for_script(self.static_state())}</script>"
            f'<script type="application/json" class="medialit-esm" id="{base}-esm">'
            f"{_json_for_script(str(self._esm))}</script>"
            f'<script type="module">{_STATIC_LOADER}</script>'
            "</div>"
        )

    def __repr__(self) -> str:
        """A readable plain-text form: which question, which mode, whether it holds an answer."""
        answered = self.value not in (None, self._empty_value(list(self.labels)))
        state = "answered" if answered else "no answer yet"
        return (
            f"{type(self).__name__} for {self.question or '(no question)'} ({self.mode}, "
            f"{len(self.items)} items, {state}); "
            "answer it in a front-end with widgets (JupyterLab, Notebook 7, VS Code, Colab)"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle
        return {**data, "text/plain": repr(self), "text/html": self.static_html()}, metadata


#: What a screen reader hears around a claim marked in its sentence, and what the marking means.
CLAIM_MARK_START = "claim: "
CLAIM_MARK_END = " (end of claim)"
CLAIM_LEGEND = (
    "Each claim is shown in its sentence, in bold and underlined. The marking is not a quotation:"
    " the article's own quotation marks, where it has any, are shown as they are."
)


def _item_html(item: Mapping[str, str]) -> str:
    """An item's text as HTML: a claim marked in its sentence (as the widget shows it), else its text."""
    context, mark = item.get("context"), item.get("mark")
    if item.get("summary") and not mark:
        # the course's words about a claim, not the article's (as the widget shows it)
        return f'<span class="medialit-claim-summary"><strong>Summary: </strong>{html.escape(item["text"])}</span>'
    if not context or not mark or mark not in context:
        return html.escape(item["text"])
    before, _, after = context.partition(mark)
    where = _PLACE.search(item["text"])
    e = html.escape
    return (
        f'<span role="group" aria-label="a claim in its sentence" class="medialit-claim-in-sentence">{e(before)}'
        f'<mark class="medialit-claim-span"><span class="medialit-sr-only">{e(CLAIM_MARK_START)}</span>{e(mark)}'
        f'<span class="medialit-sr-only">{e(CLAIM_MARK_END)}</span></mark>{e(after)}</span>'
        + (f" {e(where.group(0).strip())}" if where else "")
    )


#: The sentence id an item's text ends with, "(p9.s2)".
_PLACE = re.compile(r"\s*\([pf]\d+(?:\.s\d+)?\)\s*$", re.IGNORECASE)


def item_ids(items: list[dict[str, str]]) -> list[str]:
    """The ids of ``items`` in order."""
    return [item["id"] for item in items]


def check_label(qid: str, label: Any, labels: list[str], where: str) -> str:
    """Return ``label`` when it is one of ``labels``, else raise WidgetError."""
    if not isinstance(label, str) or label not in labels:
        raise WidgetError(f"{qid}: {where} has unknown label {label!r}; use one of {labels}")
    return label


def check_item(qid: str, item_id: object, known: Collection[str], where: str) -> str:
    """Return ``item_id`` when it is a known item id, else raise WidgetError."""
    if not isinstance(item_id, str) or item_id not in known:
        raise WidgetError(f"{qid}: {where} names unknown item {item_id!r}")
    return item_id
