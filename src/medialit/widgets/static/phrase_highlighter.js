// @ts-check
// medialit phrase_highlighter widget (anywidget ESM). Bundled with common.js into static/bundled/phrase_highlighter.js
// by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import {
  TEXT,
  byString,
  checkButton,
  commit,
  feedbackEntry,
  fill,
  groupItems,
  guarded,
  h,
  listen,
  liveRegion,
  makeRoot,
  isRecord,
  placeOf,
  quote,
  showFeedback,
  widgetModule,
} from "./common.js";
import { choiceButtons, pressChoice } from "./choices.js";
import { matchSpans, partOf, sentenceWords } from "./spans.js";

/** @import { Item, Model } from "./common.js" */
/** @import { Span, Word } from "./spans.js" */

/*
 * PhraseHighlighter: every word of every sentence is a button (one Tab stop for
 * the whole passage; arrow keys move between words). A selection is made by
 * dragging over words (mouse, touch or pen: pointer events), by clicking or tapping the
 * first and then the last word (Shift+click extends), or with Shift+arrow keys, and stays
 * inside one sentence. "Add highlight" (or Enter) stores it with the current label.
 * value: [{sentence, text, start, end, label}] sorted by (sentence, start, end,
 * label); offsets count Unicode code points, like Python string indices.
 */

/**
 * A stored highlight (the widget's value is a list of them; medialit.widgets.phrase_highlighter
 * checks them): `text` is the sentence's text from `start` to `end` (code points).
 * @typedef {{sentence: string, text: string, start: number, end: number, label: string}} Highlight
 */

/** @typedef {Span & {text: string}} KeySpan  a span of the practice key (it always has its text) */

/**
 * How students see a span: its words, its label and, in words, its paragraph.
 * @param {KeySpan} span
 */
function spanName(span) {
  const place = placeOf(span.sentence);
  return quote(span.text) + (span.label ? " — " + span.label : "") + (place ? " (" + place + ")" : "");
}

/**
 * The order of the stored highlights: sentence, start, end, label (as Python sorts them).
 * @param {Highlight} a
 * @param {Highlight} b
 */
function compareSpans(a, b) {
  return byString(a.sentence, b.sentence) || a.start - b.start || a.end - b.end || byString(a.label, b.label);
}

/**
 * A word of the passage: its place (sentence `s`, word `w` of it) and its button.
 * @typedef {Word & {s: number, w: number, el: HTMLButtonElement}} WordView
 */

/**
 * A sentence of the passage: its item, its words and the element that holds them.
 * @typedef {{item: Item, text: string, words: WordView[], el: HTMLSpanElement}} SentenceView
 */

/** @typedef {{s: number, a: number, b: number}} WordRange  words a..b (a <= b) of sentence s */

/**
 * The widget's view: what build() creates once and the functions below share.
 * @typedef {object} View
 * @property {Model} model
 * @property {HTMLElement} el
 * @property {Item[]} items
 * @property {string[]} labels
 * @property {SentenceView[]} sentences  the words of each sentence (see sentenceViews)
 * @property {Map<string, SentenceView>} byId
 * @property {WordView[]} allWords
 * @property {string} label  the label new highlights get
 * @property {{s: number, anchor: number, focus: number} | null} pending  the selection being made, word indices in sentence s
 * @property {{s: number, anchor: number, pointer: number} | null} drag  while a pointer is down
 * @property {WordView | null} current  the word with tabindex=0 (the passage's one Tab stop)
 * @property {HTMLDivElement} passage
 * @property {HTMLParagraphElement} pendingText
 * @property {HTMLOListElement} list
 * @property {HTMLParagraphElement} listTitle
 * @property {HTMLButtonElement} addButton
 * @property {HTMLDivElement} region
 */

/** The word of each word button. @type {WeakMap<Element, WordView>} */
const WORDS = new WeakMap();

/**
 * Each sentence as a list of words (spans.js: UTF-16 range u0..u1, code point range start..end),
 * each word a button: out of the Tab order until it becomes the current word.
 * @param {Item[]} items
 * @returns {SentenceView[]}
 */
function sentenceViews(items) {
  return items.map((item, s) => {
    const text = item.text;
    const words = sentenceWords(text).map((word, w) => {
      const el = h(
        "button",
        { type: "button", class: "medialit-word", tabindex: "-1", "aria-pressed": "false", "data-sentence": item.id, "data-index": w },
        word.chunk,
      );
      /** @type {WordView} */
      const view = { ...word, s, w, el };
      WORDS.set(el, view);
      return view;
    });
    const el = h("span", {
      class: "medialit-sentence",
      "data-sentence": item.id,
      role: "group",
      "aria-label": "Sentence in " + (placeOf(item.id) || "the article"),
    });
    return { item, text, words, el };
  });
}

/**
 * The stored highlights that belong to one of this widget's sentences.
 * @param {View} view
 * @returns {Highlight[]}
 */
function readHighlights(view) {
  const v = view.model.get("value");
  if (!Array.isArray(v)) return [];
  /** @type {unknown[]} */
  const spans = v;
  // The value is checked in Python (medialit.widgets.phrase_highlighter): each span has all five fields.
  return /** @type {Highlight[]} */ (spans.filter((span) => isRecord(span) && view.byId.has(String(span.sentence))));
}

// -- labels -------------------------------------------------------------------------------------

/**
 * One toggle button per label (choices.js); the pressed one is the label of new highlights.
 * @param {View} view
 * @returns {HTMLButtonElement[]}
 */
function labelButtons(view) {
  const buttons = choiceButtons(view.el, view.labels, (name) => {
    view.label = name;
    pressChoice(buttons, view.label);
  });
  pressChoice(buttons, view.label);
  return buttons;
}

// -- the passage --------------------------------------------------------------------------------

/**
 * The paragraphs of sentences, every word a button.
 * @param {Item[]} items
 * @param {Map<string, SentenceView>} byId
 * @returns {HTMLDivElement}
 */
function renderPassage(items, byId) {
  const passage = h("div", { class: "medialit-passage" });
  for (const group of groupItems(items)) {
    const para = h("div", { class: "medialit-paragraph", "data-group": group.id || null });
    for (const item of group.items) {
      const sent = byId.get(item.id);
      if (sent) para.append(renderSentence(sent), " ");
    }
    passage.append(para);
  }
  return passage;
}

/**
 * One sentence: its word buttons, the text between them as is.
 * @param {SentenceView} sent
 * @returns {HTMLSpanElement}
 */
function renderSentence(sent) {
  let cursor = 0;
  for (const word of sent.words) {
    const at = sent.text.indexOf(word.chunk, cursor);
    if (at > cursor) sent.el.append(sent.text.slice(cursor, at));
    sent.el.append(word.el);
    cursor = at + word.chunk.length;
  }
  if (cursor < sent.text.length) sent.el.append(sent.text.slice(cursor));
  return sent.el;
}

// -- the selection being made -------------------------------------------------------------------

/**
 * Make `word` the passage's one Tab stop (and focus it when asked).
 * @param {View} view
 * @param {WordView | undefined} word
 * @param {boolean} focus
 */
function setCurrent(view, word, focus) {
  if (!word) return;
  if (view.current && view.current !== word) view.current.el.setAttribute("tabindex", "-1");
  view.current = word;
  word.el.setAttribute("tabindex", "0");
  if (focus) word.el.focus();
}

/**
 * The pending selection as {s, a, b} with a <= b, or null.
 * @param {View} view
 * @returns {WordRange | null}
 */
function pendingRange(view) {
  const pending = view.pending;
  if (!pending) return null;
  return { s: pending.s, a: Math.min(pending.anchor, pending.focus), b: Math.max(pending.anchor, pending.focus) };
}

/**
 * The highlight a word range {s, a, b} stands for, with the current label.
 * @param {View} view
 * @param {WordRange} range
 * @returns {Highlight}
 */
function spanOf(view, range) {
  const sent = view.sentences[range.s];
  const first = sent.words[range.a];
  const last = sent.words[range.b];
  return {
    sentence: sent.item.id,
    text: sent.text.slice(first.u0, last.u1),
    start: first.start,
    end: last.end,
    label: view.label,
  };
}

/** @param {View} view */
function showPending(view) {
  const range = pendingRange(view);
  for (const word of view.allWords) {
    const on = !!range && word.s === range.s && word.w >= range.a && word.w <= range.b;
    word.el.setAttribute("aria-pressed", String(on));
  }
  view.pendingText.textContent = range
    ? "Selected: " + quote(spanOf(view, range).text) + " — press Enter or “Add highlight”."
    : "Select words in one sentence: drag across them (or click or tap the first word, then the last), or use the arrow keys and Shift+arrow; then press Enter or “Add highlight”.";
}

/**
 * Set the pending selection (s === null clears it) and show it.
 * @param {View} view
 * @param {number | null} s
 * @param {number} [anchor]
 * @param {number} [focus]
 */
function setPending(view, s, anchor = 0, focus = anchor) {
  view.pending = s === null ? null : { s, anchor, focus };
  showPending(view);
}

/**
 * The current DOM text selection, snapped to whole words, if it lies in one sentence.
 * @param {View} view
 * @returns {WordRange | null}
 */
function nativeRange(view) {
  const sel = window.getSelection ? window.getSelection() : null;
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  /** @param {Node | null} node */
  const holder = (node) => (node && (node instanceof Element ? node : node.parentElement))?.closest(".medialit-sentence");
  const a = holder(sel.anchorNode);
  if (!(a instanceof HTMLElement) || a !== holder(sel.focusNode) || !view.passage.contains(a)) return null;
  const sent = view.byId.get(a.dataset.sentence || "");
  if (!sent) return null;
  const hit = sent.words.filter((word) => sel.containsNode(word.el, true)).map((word) => word.w);
  if (!hit.length) return null;
  return { s: view.sentences.indexOf(sent), a: Math.min(...hit), b: Math.max(...hit) };
}

// -- storing highlights -------------------------------------------------------------------------

/**
 * Store the highlight of `range` (no duplicates, sorted); without a range, say how to select.
 * @param {View} view
 * @param {WordRange | null} range
 */
function addRange(view, range) {
  if (!range) {
    view.region.replaceChildren(h("p", { class: "medialit-status" }, view.pendingText.textContent));
    return;
  }
  const span = spanOf(view, range);
  const v = readHighlights(view);
  if (!v.some((old) => compareSpans(old, span) === 0)) v.push(span);
  v.sort(compareSpans);
  const sel = window.getSelection ? window.getSelection() : null;
  if (sel && !sel.isCollapsed) sel.removeAllRanges();
  setPending(view, null);
  commit(view.model, v, view.region, "Added highlight " + quote(span.text) + (span.label ? " — " + span.label : "") + ". " + v.length + " highlight(s).");
}

/**
 * Remove the highlight at `index` and move focus to the next Remove button (or Add highlight).
 * @param {View} view
 * @param {number} index
 */
function removeAt(view, index) {
  const v = readHighlights(view);
  const [gone] = v.splice(index, 1);
  commit(view.model, v, view.region, "Removed highlight " + quote(gone.text) + ". " + v.length + " highlight(s).");
  /** @type {NodeListOf<HTMLButtonElement>} */
  const buttons = view.list.querySelectorAll(".medialit-remove");
  (buttons[Math.min(index, buttons.length - 1)] || view.addButton).focus();
}

/**
 * The "Add highlight" button: the DOM selection if there is one, else the pending one.
 * @param {View} view
 */
function wireAddButton(view) {
  // Keep the DOM selection: pressing the button must not clear it before click.
  view.addButton.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse") event.preventDefault();
  });
  view.addButton.addEventListener("click", guarded(view.el, () => addRange(view, nativeRange(view) || pendingRange(view))));
}

// -- pointer (mouse, touch, pen): drag over words, or click the first and then the last word -----

/**
 * The word whose button is (or holds) `target`.
 * @param {EventTarget | Element | null} target
 * @returns {WordView | undefined}
 */
function wordAt(target) {
  const button = target instanceof Element ? target.closest(".medialit-word") : null;
  return button ? WORDS.get(button) : undefined;
}

/** @param {PointerEvent} event */
function wordUnder(event) {
  return wordAt(document.elementFromPoint(event.clientX, event.clientY));
}

/**
 * @param {View} view
 * @param {PointerEvent} event
 */
function onPointerDown(view, event) {
  const word = wordAt(event.target);
  if (!word || (event.pointerType === "mouse" && event.button !== 0)) return;
  // The mouse would start a native text selection; touch keeps its default (vertical scrolling).
  if (event.pointerType === "mouse") event.preventDefault();
  const pending = view.pending;
  // Click (or tap) the first word, then the last: a second word of the same sentence, after a
  // single chosen word, ends the selection there; Shift+click extends any selection.
  const single = pending && pending.s === word.s && pending.anchor === pending.focus && pending.anchor !== word.w;
  if (pending && pending.s === word.s && (event.shiftKey || single)) {
    setPending(view, word.s, pending.anchor, word.w);
  } else {
    setPending(view, word.s, word.w, word.w);
  }
  view.drag = { s: word.s, anchor: view.pending ? view.pending.anchor : word.w, pointer: event.pointerId };
  // Touch and pen capture the pointer on the word they pressed; find words by position instead.
  const target = event.target;
  if (target instanceof Element && target.hasPointerCapture(event.pointerId)) target.releasePointerCapture(event.pointerId);
  setCurrent(view, word, event.pointerType === "mouse");
}

/**
 * @param {View} view
 * @param {PointerEvent} event
 */
function onPointerMove(view, event) {
  const drag = view.drag;
  if (!drag || event.pointerId !== drag.pointer) return;
  const word = wordUnder(event);
  if (!word || word.s !== drag.s) return;
  if (!view.pending || view.pending.focus !== word.w) setPending(view, word.s, drag.anchor, word.w);
  setCurrent(view, word, false);
}

/**
 * Listen to pointer events on the passage (and the window, for the end of a drag); returns the cleanup.
 * @param {View} view
 * @returns {() => void}
 */
function attachPointer(view) {
  view.passage.addEventListener("pointerdown", guarded(view.el, (event) => onPointerDown(view, event)));
  view.passage.addEventListener("pointermove", guarded(view.el, (event) => onPointerMove(view, event)));
  const endDrag = () => {
    view.drag = null;
  };
  window.addEventListener("pointerup", endDrag);
  window.addEventListener("pointercancel", endDrag);
  return () => {
    window.removeEventListener("pointerup", endDrag);
    window.removeEventListener("pointercancel", endDrag);
  };
}

/**
 * Touch: the first move decides. Sideways, it selects words, and the browser must not
 * start a scroll (or a fling that would swallow the next tap); up-down, the page scrolls.
 * @param {View} view
 */
function attachTouch(view) {
  /** @type {{x: number, y: number, sideways: boolean | null} | null} */
  let touchStart = null;
  view.passage.addEventListener("touchstart", (event) => {
    const t = event.touches[0];
    touchStart = event.touches.length === 1 && t ? { x: t.clientX, y: t.clientY, sideways: null } : null;
  });
  view.passage.addEventListener(
    "touchmove",
    (event) => {
      const t = event.touches[0];
      if (!touchStart || !t || !view.drag) return;
      if (touchStart.sideways === null) {
        touchStart.sideways = Math.abs(t.clientX - touchStart.x) >= Math.abs(t.clientY - touchStart.y);
        if (!touchStart.sideways) view.drag = null; // a scroll, not a selection
      }
      if (touchStart.sideways && event.cancelable) event.preventDefault();
    },
    { passive: false },
  );
}

// -- keyboard -----------------------------------------------------------------------------------

/** @param {View} view */
function attachKeyboard(view) {
  view.passage.addEventListener(
    "click",
    guarded(view.el, (event) => {
      const word = wordAt(event.target);
      // detail 0: activated from the keyboard (Space); pointers are handled on pointerdown.
      if (word && event.detail === 0) setPending(view, word.s, word.w, word.w);
    }),
  );
  view.passage.addEventListener(
    "focusin",
    guarded(view.el, (event) => {
      const word = wordAt(event.target);
      if (word) setCurrent(view, word, false);
    }),
  );
  view.passage.addEventListener("keydown", guarded(view.el, (event) => onWordKey(view, event)));
}

/**
 * Enter adds, Escape clears, Shift+arrow/Home/End extends within the sentence, arrows move.
 * @param {View} view
 * @param {KeyboardEvent} event
 */
function onWordKey(view, event) {
  const word = wordAt(event.target);
  if (!word) return;
  if (event.key === "Enter") {
    event.preventDefault();
    addRange(view, pendingRange(view) || { s: word.s, a: word.w, b: word.w });
    return;
  }
  if (event.key === "Escape") {
    setPending(view, null);
    return;
  }
  if (event.shiftKey && ["ArrowRight", "ArrowLeft", "Home", "End"].includes(event.key)) {
    extendSelection(view, word, event);
    return;
  }
  if (!NAVIGATION_KEYS.has(event.key)) return;
  event.preventDefault();
  const target = wordAfterKey(view, word, event.key);
  if (target) {
    setPending(view, null);
    setCurrent(view, target, true);
  }
}

const NAVIGATION_KEYS = new Set(["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Home", "End"]);

/**
 * Shift+arrow, Shift+Home, Shift+End: move the selection's focus inside the word's sentence.
 * @param {View} view
 * @param {WordView} word
 * @param {KeyboardEvent} event
 */
function extendSelection(view, word, event) {
  const sent = view.sentences[word.s];
  const last = sent.words.length - 1;
  /** @type {Record<string, number>} */
  const moves = { ArrowRight: Math.min(word.w + 1, last), ArrowLeft: Math.max(word.w - 1, 0), Home: 0, End: last };
  const to = moves[event.key];
  const anchor = view.pending && view.pending.s === word.s ? view.pending.anchor : word.w;
  event.preventDefault();
  setPending(view, word.s, anchor, to);
  setCurrent(view, sent.words[to], true);
}

/**
 * Where a navigation key moves from `word`: next/previous word, first word of the next/previous sentence, sentence start/end.
 * @param {View} view
 * @param {WordView} word
 * @param {string} key
 * @returns {WordView | undefined}
 */
function wordAfterKey(view, word, key) {
  const { sentences, allWords } = view;
  const sent = sentences[word.s];
  const index = allWords.indexOf(word);
  if (key === "ArrowRight") return allWords[index + 1];
  if (key === "ArrowLeft") return allWords[index - 1];
  if (key === "ArrowDown") return sentences.slice(word.s + 1).find((x) => x.words.length)?.words[0];
  if (key === "ArrowUp") return sentences.slice(0, word.s).reverse().find((x) => x.words.length)?.words[0];
  if (key === "Home") return sent.words[0];
  return sent.words[sent.words.length - 1]; // End
}

// -- rendering the stored highlights ------------------------------------------------------------

/**
 * Mark the highlighted words with a numbered tag, and list the highlights with Remove buttons.
 * @param {View} view
 */
function renderHighlights(view) {
  const v = readHighlights(view);
  for (const tag of view.passage.querySelectorAll(".medialit-hl-tag")) tag.remove();
  for (const word of view.allWords) word.el.classList.remove("medialit-hl");
  v.forEach((span, index) => {
    const sent = view.byId.get(span.sentence); // readHighlights keeps the spans of known sentences
    if (!sent) return;
    const covered = sent.words.filter((word) => word.start < span.end && word.end > span.start);
    for (const word of covered) word.el.classList.add("medialit-hl");
    const lastWord = covered[covered.length - 1];
    if (lastWord) {
      lastWord.el.after(h("span", { class: "medialit-hl-tag" }, "[" + (index + 1) + (span.label ? " " + span.label : "") + "]"));
    }
  });
  view.list.replaceChildren(...v.map((span, index) => highlightEntry(view, span, index)));
  view.listTitle.textContent = v.length ? "Your highlights" : "No highlights yet.";
}

/**
 * @param {View} view
 * @param {Highlight} span
 * @param {number} index
 */
function highlightEntry(view, span, index) {
  return h(
    "li",
    { class: "medialit-highlight", "data-sentence": span.sentence },
    h("span", {}, spanName(span) + " "),
    h(
      "button",
      {
        type: "button",
        class: "medialit-remove",
        "aria-label": "Remove highlight " + (index + 1) + ": " + quote(span.text),
        onclick: guarded(view.el, () => removeAt(view, index)),
      },
      "Remove",
    ),
  );
}

// -- practice feedback --------------------------------------------------------------------------

/** The words of a highlight that lies inside, holds or overlaps a key span (medialit.qtypes.select_spans.PART_OF). */
const PART_OF = {
  inside: ["✗ Part of a key span", "the whole {what} is longer"],
  holds: ["✗ Holds a key span and more", "the {what} is a shorter part of it"],
  overlaps: ["✗ Overlaps a key span", "the {what} starts or ends elsewhere"],
};

/**
 * How the Check summary counts the highlights of each PART_OF kind, so it agrees with their entries:
 * "1 of 3 found, 2 missed, 1 part of a key span, 1 not in the key." (a kind with none is left out).
 */
const PART_OF_COUNT = {
  inside: "part of a key span",
  holds: "holding a key span and more",
  overlaps: "overlapping a key span",
};

/**
 * The Check summary: key spans found and missed, then the highlights that find none, counted as their
 * entries say: part of (holding, overlapping) a key span, or not in the key. No score changes.
 * @param {KeySpan[]} keySpans
 * @param {Highlight[]} highlights
 * @param {Record<string, string>} texts
 * @returns {string}
 */
export function checkSummary(keySpans, highlights, texts) {
  const { found, matched } = matchSpans(keySpans, highlights, texts);
  const count = found.filter(Boolean).length;
  /** @type {Record<string, number>} */
  const parts = { inside: 0, holds: 0, overlaps: 0 };
  let extra = 0;
  highlights.forEach((span, index) => {
    if (matched[index] !== null) return;
    const part = partOf(keySpans, span, texts);
    if (part) parts[part.how] += 1;
    else extra += 1;
  });
  const touching = Object.entries(PART_OF_COUNT)
    .filter(([how]) => parts[how])
    .map(([how, words]) => ", " + parts[how] + " " + words)
    .join("");
  return count + " of " + keySpans.length + " found, " + (keySpans.length - count) + " missed" + touching + ", " + extra + " not in the key.";
}

/**
 * The feedback line of a highlight that finds no key span: "not in the key", or, when it touches a key
 * span, how (trial 28: "NASA said" inside "both Roscosmos and NASA said"); the key's words stay unnamed.
 * @param {KeySpan[]} keySpans
 * @param {Highlight} span
 * @param {Record<string, string>} texts
 * @returns {string}
 */
export function extraMessage(keySpans, span, texts) {
  const part = partOf(keySpans, span, texts);
  if (!part) return TEXT.extra + ": " + spanName(span) + ".";
  const [head, hint] = PART_OF[part.how];
  const what = keySpans[part.index].label || "key span";
  return head + ": " + spanName(span) + "; " + hint.replace("{what}", what) + ".";
}

/**
 * Check: each key span found or missed, each highlight that matches none "not in the key" (or part of
 * one), and a summary that counts them as the entries say (checkSummary).
 * @param {View} view
 */
function checkAnswers(view) {
  const pk = view.model.get("practice_key") || {};
  // The key is checked in Python (medialit.widgets.phrase_highlighter): spans with their text.
  const keySpans = /** @type {KeySpan[]} */ (Array.isArray(pk.key) ? pk.key : []);
  const notes = pk.items || {};
  const v = readHighlights(view);
  const texts = Object.fromEntries(view.sentences.map((sent) => [sent.item.id, sent.text]));
  const { found, matched } = matchSpans(keySpans, v, texts);
  const entries = keySpans.map((key, index) => {
    const hit = found[index];
    const name = spanName(key);
    return feedbackEntry(hit ? "found" : "missed", (hit ? TEXT.found : TEXT.missed) + ": " + name + ".", { ...notes[key.sentence], place: key.sentence });
  });
  v.forEach((span, index) => {
    if (matched[index] !== null) return;
    entries.push(feedbackEntry("extra", extraMessage(keySpans, span, texts), null));
  });
  showFeedback(view.model, view.region, checkSummary(keySpans, v, texts), entries, pk);
}

// -- the whole widget ---------------------------------------------------------------------------

/**
 * @param {Model} model
 * @param {HTMLElement} el
 * @returns {() => void}
 */
function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  const sentences = sentenceViews(items);
  const byId = new Map(sentences.map((sent) => [sent.item.id, sent]));
  /** @type {View} */
  const view = {
    model,
    el,
    items,
    labels,
    sentences,
    byId,
    allWords: sentences.flatMap((sent) => sent.words),
    label: labels.length ? labels[0] : "",
    pending: null,
    drag: null,
    current: null,
    passage: renderPassage(items, byId),
    region: liveRegion(),
    pendingText: h("p", { class: "medialit-pending" }),
    list: h("ol", { class: "medialit-highlights" }),
    listTitle: h("p", { class: "medialit-list-title" }),
    addButton: h("button", { type: "button", class: "medialit-add" }, "Add highlight"),
  };
  const root = makeRoot("phrase-highlighter", model);
  const labelRow = labelButtons(view);
  wireAddButton(view);
  const detachPointer = attachPointer(view);
  attachTouch(view);
  attachKeyboard(view);

  fill(
    root,
    root.firstChild,
    labels.length ? h("div", { class: "medialit-choices medialit-labels", role: "group", "aria-label": "Label for new highlights" }, labelRow) : null,
    view.passage,
    view.pendingText,
    h("div", { class: "medialit-controls" }, view.addButton, checkButton(el, model, () => checkAnswers(view))),
    view.listTitle,
    view.list,
    view.region,
  );
  el.append(root);
  setCurrent(view, view.allWords[0], false);
  showPending(view);
  renderHighlights(view);
  const stop = listen(model, ["value"], guarded(el, () => renderHighlights(view)));
  return () => {
    stop();
    detachPointer();
  };
}

// matchSpans (spans.js) is exported for the browser test of the span vectors through this bundle.
export { matchSpans };
export default widgetModule(build);
