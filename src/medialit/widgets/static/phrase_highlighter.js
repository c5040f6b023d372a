// medialit phrase_highlighter widget (anywidget ESM). Bundled with common.js into static/bundled/phrase_highlighter.js
// by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import {
  TEXT,
  arrowFocus,
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
  mountWidget,
  placeOf,
  quote,
  showFeedback,
} from "./common.js";

/*
 * PhraseHighlighter: every word of every sentence is a button (one Tab stop for
 * the whole passage; arrow keys move between words). A selection is made by
 * dragging over words (mouse, touch or pen: pointer events), by clicking or tapping the
 * first and then the last word (Shift+click extends), or with Shift+arrow keys, and stays
 * inside one sentence. "Add highlight" (or Enter) stores it with the current label.
 * value: [{sentence, text, start, end, label}] sorted by (sentence, start, end,
 * label); offsets count Unicode code points, like Python string indices.
 */

const OPENERS = "\"'“‘([«";
const CLOSERS = "\"'”’)]»,;:!?…";
const TOKEN_RE = /[\p{L}\p{N}_]+/gu; // Python's \w+, as the grader tokenises

/** Maps between UTF-16 offsets (JS) and code point offsets (Python). */
function offsetMaps(text) {
  const toCp = new Array(text.length + 1);
  const toU16 = [];
  let cp = 0;
  let i = 0;
  while (i < text.length) {
    toCp[i] = cp;
    toU16.push(i);
    const width = text.codePointAt(i) > 0xffff ? 2 : 1;
    if (width === 2) toCp[i + 1] = cp;
    i += width;
    cp += 1;
  }
  toCp[text.length] = cp;
  toU16.push(text.length);
  return { toCp, toU16 };
}

/** A chunk between spaces, without surrounding quotes and trailing punctuation. */
function wordCore(text, start, end) {
  let s = start;
  let e = end;
  while (s < e && OPENERS.includes(text[s])) s += 1;
  while (e > s) {
    const c = text[e - 1];
    if (CLOSERS.includes(c) || (c === "." && !text.slice(s, e - 1).includes("."))) e -= 1;
    else break;
  }
  return s < e ? [s, e] : [start, end];
}

/** Lower-case word tokens, as medialit.qtypes.spans.tokens. */
function tokens(text) {
  return (String(text).match(TOKEN_RE) || []).map((t) => t.toLowerCase());
}

/*
 * The span rule, as medialit.qtypes.spans (tests/data/vectors/spans.json holds the
 * vectors both must pass): same sentence, same label when the key has one; by position,
 * the highlight covers at least half of the key span's characters and is at most
 * 3 x its length + 15 characters; without offsets, half of the key's content words
 * (stop words ignored); each highlight counts for the one key span it covers most.
 */
const SPAN_THRESHOLD = 0.5;
const SPAN_CAP_FACTOR = 3;
const SPAN_CAP_SLACK = 15;
const WORD_SLACK = 3;
const STOP_WORDS = new Set(
  (
    "a an the and or but nor of in on at to for from by with as into onto than that this these those " +
    "it its is are was were be been being has have had do does did not no so such which who whom whose " +
    "what when where while if then there their they them he him his she her we our us you your i my me"
  ).split(" "),
);

function contentTokens(text) {
  const words = tokens(text);
  const content = words.filter((t) => !STOP_WORDS.has(t));
  return content.length ? content : words;
}

function offsetsOf(span) {
  const ok = (n) => Number.isInteger(n) && typeof n === "number";
  if (!span || !ok(span.start) || !ok(span.end) || !(span.start >= 0 && span.start < span.end)) return null;
  return [span.start, span.end];
}

/** The key span's range in code points: its own offsets, else where its text first occurs. */
function keyRange(key, sentences) {
  const own = offsetsOf(key);
  if (own) return own;
  const text = String(key.text || "");
  const sentence = sentences[key.sentence];
  if (!text || typeof sentence !== "string") return null;
  const at = sentence.indexOf(text);
  if (at < 0) return null;
  const start = Array.from(sentence.slice(0, at)).length;
  return [start, start + Array.from(text).length];
}

function coverage(key, span, sentences) {
  if (!span || span.sentence !== key.sentence) return 0;
  if (key.label && span.label !== key.label) return 0;
  const have = offsetsOf(span);
  const want = keyRange(key, sentences);
  if (have && want) {
    const size = want[1] - want[0];
    if (have[1] - have[0] > SPAN_CAP_FACTOR * size + SPAN_CAP_SLACK) return 0;
    const share = Math.max(0, Math.min(have[1], want[1]) - Math.max(have[0], want[0])) / size;
    return share >= SPAN_THRESHOLD ? share : 0;
  }
  const wantWords = contentTokens(key.text || "");
  const remaining = contentTokens(span.text || "");
  if (!wantWords.length || !remaining.length || remaining.length > SPAN_CAP_FACTOR * wantWords.length + WORD_SLACK) return 0;
  let hit = 0;
  for (const t of wantWords) {
    const at = remaining.indexOf(t);
    if (at >= 0) {
      remaining.splice(at, 1);
      hit += 1;
    }
  }
  const share = hit / wantWords.length;
  return share >= SPAN_THRESHOLD ? share : 0;
}

/** {found: [bool per key span], matched: [key index or null per highlight]} (medialit.qtypes.spans.match_spans). */
function matchSpans(key, highlights, sentences) {
  const found = key.map(() => false);
  const matched = highlights.map((span) => {
    let best = null;
    let bestShare = 0;
    key.forEach((k, index) => {
      const share = coverage(k, span, sentences);
      if (share > bestShare) {
        best = index;
        bestShare = share;
      }
    });
    if (best !== null) found[best] = true;
    return best;
  });
  return { found, matched };
}

/** How students see a span: its words, its label and, in words, its paragraph. */
function spanName(span) {
  const place = placeOf(span.sentence);
  return quote(span.text) + (span.label ? " — " + span.label : "") + (place ? " (" + place + ")" : "");
}

function compareSpans(a, b) {
  return byString(a.sentence, b.sentence) || a.start - b.start || a.end - b.end || byString(a.label, b.label);
}

/*
 * The widget's view: what build() creates once and the functions below share.
 *   sentences, byId, allWords  the words of each sentence (see sentenceModels)
 *   label                      the label new highlights get
 *   pending                    {s, anchor, focus}: the selection being made, word indices in sentence s
 *   drag                       {s, anchor, pointer} while a pointer is down
 *   current                    the word with tabindex=0 (the passage's one Tab stop)
 *   passage, pendingText, list, listTitle, addButton, region: its elements
 */

/** Each sentence as a list of words: UTF-16 range (u0, u1) and code point range (start, end). */
function sentenceModels(items) {
  return items.map((item, s) => {
    const text = item.text;
    const maps = offsetMaps(text);
    const words = [];
    for (const m of text.matchAll(/\S+/g)) {
      const [u0, u1] = wordCore(text, m.index, m.index + m[0].length);
      words.push({ chunk: m[0], u0, u1, start: maps.toCp[u0], end: maps.toCp[u1], el: null, s, w: words.length });
    }
    return { item, text, maps, words, el: null };
  });
}

/** The stored highlights that belong to one of this widget's sentences. */
function readHighlights(view) {
  const v = view.model.get("value");
  return Array.isArray(v) ? v.filter((span) => span && view.byId.has(span.sentence)) : [];
}

// -- labels -------------------------------------------------------------------------------------

/** One toggle button per label; the pressed one is the label of new highlights. */
function labelButtons(view) {
  const buttons = view.labels.map((name, index) =>
    h(
      "button",
      {
        type: "button",
        class: "medialit-choice",
        "aria-pressed": String(name === view.label),
        "data-label": name,
        onclick: guarded(view.el, () => chooseLabel(view, buttons, name)),
        onkeydown: guarded(view.el, (event) => arrowFocus(event, buttons, index)),
      },
      h("span", { class: "medialit-mark" }, name === view.label ? "✓ " : ""),
      name,
    ),
  );
  return buttons;
}

function chooseLabel(view, buttons, name) {
  view.label = name;
  for (const b of buttons) {
    const on = b.dataset.label === view.label;
    b.setAttribute("aria-pressed", String(on));
    b.firstChild.textContent = on ? "✓ " : "";
  }
}

// -- the passage --------------------------------------------------------------------------------

/** The paragraphs of sentences, every word a button. */
function renderPassage(view) {
  const passage = h("div", { class: "medialit-passage" });
  for (const group of groupItems(view.items)) {
    const para = h("div", { class: "medialit-paragraph", "data-group": group.id || null });
    for (const item of group.items) para.append(renderSentence(view.byId.get(item.id), item.id), " ");
    passage.append(para);
  }
  return passage;
}

/** One sentence: its words as buttons (out of the Tab order), the text between them as is. */
function renderSentence(sent, id) {
  sent.el = h("span", {
    class: "medialit-sentence",
    "data-sentence": id,
    role: "group",
    "aria-label": "Sentence in " + (placeOf(id) || "the article"),
  });
  let cursor = 0;
  for (const word of sent.words) {
    const at = sent.text.indexOf(word.chunk, cursor);
    if (at > cursor) sent.el.append(sent.text.slice(cursor, at));
    word.el = h(
      "button",
      { type: "button", class: "medialit-word", tabindex: "-1", "aria-pressed": "false", "data-sentence": id, "data-index": word.w },
      word.chunk,
    );
    word.el.medialitWord = word;
    sent.el.append(word.el);
    cursor = at + word.chunk.length;
  }
  if (cursor < sent.text.length) sent.el.append(sent.text.slice(cursor));
  return sent.el;
}

// -- the selection being made -------------------------------------------------------------------

/** Make `word` the passage's one Tab stop (and focus it when asked). */
function setCurrent(view, word, focus) {
  if (!word) return;
  if (view.current && view.current !== word) view.current.el.setAttribute("tabindex", "-1");
  view.current = word;
  word.el.setAttribute("tabindex", "0");
  if (focus) word.el.focus();
}

/** The pending selection as {s, a, b} with a <= b, or null. */
function pendingRange(view) {
  const pending = view.pending;
  if (!pending) return null;
  return { s: pending.s, a: Math.min(pending.anchor, pending.focus), b: Math.max(pending.anchor, pending.focus) };
}

/** The highlight a word range {s, a, b} stands for, with the current label. */
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

/** Set the pending selection (s === null clears it) and show it. */
function setPending(view, s, anchor, focus) {
  view.pending = s === null ? null : { s, anchor, focus };
  showPending(view);
}

/** The current DOM text selection, snapped to whole words, if it lies in one sentence. */
function nativeRange(view) {
  const sel = window.getSelection ? window.getSelection() : null;
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const holder = (node) => (node && (node.nodeType === 1 ? node : node.parentElement))?.closest(".medialit-sentence");
  const a = holder(sel.anchorNode);
  if (!a || a !== holder(sel.focusNode) || !view.passage.contains(a)) return null;
  const sent = view.byId.get(a.dataset.sentence);
  const hit = sent.words.filter((word) => sel.containsNode(word.el, true)).map((word) => word.w);
  if (!hit.length) return null;
  return { s: view.sentences.indexOf(sent), a: Math.min(...hit), b: Math.max(...hit) };
}

// -- storing highlights -------------------------------------------------------------------------

/** Store the highlight of `range` (no duplicates, sorted); without a range, say how to select. */
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

/** Remove the highlight at `index` and move focus to the next Remove button (or Add highlight). */
function removeAt(view, index) {
  const v = readHighlights(view);
  const [gone] = v.splice(index, 1);
  commit(view.model, v, view.region, "Removed highlight " + quote(gone.text) + ". " + v.length + " highlight(s).");
  const buttons = view.list.querySelectorAll(".medialit-remove");
  (buttons[Math.min(index, buttons.length - 1)] || view.addButton).focus();
}

/** The "Add highlight" button: the DOM selection if there is one, else the pending one. */
function addHighlightButton(view) {
  return h(
    "button",
    {
      type: "button",
      class: "medialit-add",
      // Keep the DOM selection: pressing the button must not clear it before click.
      onpointerdown: (event) => {
        if (event.pointerType === "mouse") event.preventDefault();
      },
      onclick: guarded(view.el, () => addRange(view, nativeRange(view) || pendingRange(view))),
    },
    "Add highlight",
  );
}

// -- pointer (mouse, touch, pen): drag over words, or click the first and then the last word -----

function wordAt(target) {
  return (target && target.closest ? target.closest(".medialit-word") : null)?.medialitWord;
}

function wordUnder(event) {
  return wordAt(document.elementFromPoint(event.clientX, event.clientY));
}

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
  view.drag = { s: word.s, anchor: view.pending.anchor, pointer: event.pointerId };
  // Touch and pen capture the pointer on the word they pressed; find words by position instead.
  if (event.target.hasPointerCapture && event.target.hasPointerCapture(event.pointerId)) {
    event.target.releasePointerCapture(event.pointerId);
  }
  setCurrent(view, word, event.pointerType === "mouse");
}

function onPointerMove(view, event) {
  const drag = view.drag;
  if (!drag || event.pointerId !== drag.pointer) return;
  const word = wordUnder(event);
  if (!word || word.s !== drag.s) return;
  if (!view.pending || view.pending.focus !== word.w) setPending(view, word.s, drag.anchor, word.w);
  setCurrent(view, word, false);
}

/** Listen to pointer events on the passage (and the window, for the end of a drag); returns the cleanup. */
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
 */
function attachTouch(view) {
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

/** Enter adds, Escape clears, Shift+arrow/Home/End extends within the sentence, arrows move. */
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

/** Shift+arrow, Shift+Home, Shift+End: move the selection's focus inside the word's sentence. */
function extendSelection(view, word, event) {
  const sent = view.sentences[word.s];
  const last = sent.words.length - 1;
  const to = { ArrowRight: Math.min(word.w + 1, last), ArrowLeft: Math.max(word.w - 1, 0), Home: 0, End: last }[event.key];
  const anchor = view.pending && view.pending.s === word.s ? view.pending.anchor : word.w;
  event.preventDefault();
  setPending(view, word.s, anchor, to);
  setCurrent(view, sent.words[to], true);
}

/** Where a navigation key moves from `word`: next/previous word, first word of the next/previous sentence, sentence start/end. */
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

/** Mark the highlighted words with a numbered tag, and list the highlights with Remove buttons. */
function renderHighlights(view) {
  const v = readHighlights(view);
  for (const tag of view.passage.querySelectorAll(".medialit-hl-tag")) tag.remove();
  for (const word of view.allWords) word.el.classList.remove("medialit-hl");
  v.forEach((span, index) => {
    const sent = view.byId.get(span.sentence);
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

/** Check: each key span found or missed, each highlight that matches none "not in the key". */
function checkAnswers(view) {
  const pk = view.model.get("practice_key") || {};
  const keySpans = Array.isArray(pk.key) ? pk.key : [];
  const notes = pk.items || {};
  const v = readHighlights(view);
  const texts = Object.fromEntries(view.sentences.map((sent) => [sent.item.id, sent.text]));
  const { found, matched } = matchSpans(keySpans, v, texts);
  const entries = keySpans.map((key, index) => {
    const hit = found[index];
    const name = spanName(key);
    return feedbackEntry(hit ? "found" : "missed", (hit ? TEXT.found : TEXT.missed) + ": " + name + ".", { ...notes[key.sentence], place: key.sentence });
  });
  let extra = 0;
  v.forEach((span, index) => {
    if (matched[index] !== null) return;
    extra += 1;
    entries.push(feedbackEntry("extra", TEXT.extra + ": " + spanName(span) + ".", null));
  });
  const count = found.filter(Boolean).length;
  const summary = count + " of " + keySpans.length + " found, " + (keySpans.length - count) + " missed, " + extra + " not in the key.";
  showFeedback(view.model, view.region, summary, entries, pk);
}

// -- the whole widget ---------------------------------------------------------------------------

function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  const sentences = sentenceModels(items);
  const view = {
    model,
    el,
    items,
    labels,
    sentences,
    byId: new Map(sentences.map((sent) => [sent.item.id, sent])),
    allWords: [],
    label: labels.length ? labels[0] : "",
    pending: null,
    drag: null,
    current: null,
    region: liveRegion(),
    pendingText: h("p", { class: "medialit-pending" }),
    list: h("ol", { class: "medialit-highlights" }),
    listTitle: h("p", { class: "medialit-list-title" }),
  };
  const root = makeRoot("phrase-highlighter", model);
  const labelRow = labelButtons(view);
  view.passage = renderPassage(view);
  view.allWords = sentences.flatMap((sent) => sent.words);
  view.addButton = addHighlightButton(view);
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

function render({ model, el }) {
  return mountWidget(model, el, () => build(model, el));
}

export { matchSpans };
export default { render };
