// medialit phrase_highlighter widget (anywidget ESM). Plain ES module, no imports, no build step.

// (the shared helpers of common.js are joined in front of this file by _base.esm_source)

/*
 * PhraseHighlighter: every word of every sentence is a button (one Tab stop for
 * the whole passage; arrow keys move between words). A selection is made by
 * dragging over words (mouse, touch or pen: pointer events), by tapping the first
 * and then the last word, or with Shift+arrow keys, and stays inside one sentence. "Add highlight" (or Enter) stores it with the current label.
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

function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  let label = labels.length ? labels[0] : "";
  const root = makeRoot("phrase-highlighter", model);
  const region = liveRegion();
  let pending = null; // {s, anchor, focus} word indices inside sentence s
  let drag = null; // {s, anchor} while the mouse button is down
  let current = null; // the word with tabindex=0

  const sentences = items.map((item, s) => {
    const text = item.text;
    const maps = offsetMaps(text);
    const words = [];
    for (const m of text.matchAll(/\S+/g)) {
      const [u0, u1] = wordCore(text, m.index, m.index + m[0].length);
      words.push({ chunk: m[0], u0, u1, start: maps.toCp[u0], end: maps.toCp[u1], el: null, s, w: words.length });
    }
    return { item, text, maps, words, el: null };
  });
  const byId = new Map(sentences.map((sent) => [sent.item.id, sent]));

  const read = () => {
    const v = model.get("value");
    return Array.isArray(v) ? v.filter((span) => span && byId.has(span.sentence)) : [];
  };

  // -- labels ---------------------------------------------------------------
  const labelButtons = labels.map((name, index) =>
    h(
      "button",
      {
        type: "button",
        class: "medialit-choice",
        "aria-pressed": String(name === label),
        "data-label": name,
        onclick: guarded(el, () => {
          label = name;
          for (const b of labelButtons) {
            const on = b.dataset.label === label;
            b.setAttribute("aria-pressed", String(on));
            b.firstChild.textContent = on ? "✓ " : "";
          }
        }),
        onkeydown: guarded(el, (event) => arrowFocus(event, labelButtons, index)),
      },
      h("span", { class: "medialit-mark" }, name === label ? "✓ " : ""),
      name,
    ),
  );

  // -- passage --------------------------------------------------------------
  const passage = h("div", { class: "medialit-passage" });
  for (const group of groupItems(items)) {
    const para = h("div", { class: "medialit-paragraph", "data-group": group.id || null });
    for (const item of group.items) {
      const sent = byId.get(item.id);
      sent.el = h("span", { class: "medialit-sentence", "data-sentence": item.id, role: "group", "aria-label": "Sentence in " + (placeOf(item.id) || "the article") });
      let cursor = 0;
      for (const word of sent.words) {
        const at = sent.text.indexOf(word.chunk, cursor);
        if (at > cursor) sent.el.append(sent.text.slice(cursor, at));
        word.el = h(
          "button",
          { type: "button", class: "medialit-word", tabindex: "-1", "aria-pressed": "false", "data-sentence": item.id, "data-index": word.w },
          word.chunk,
        );
        word.el.medialitWord = word;
        sent.el.append(word.el);
        cursor = at + word.chunk.length;
      }
      if (cursor < sent.text.length) sent.el.append(sent.text.slice(cursor));
      para.append(sent.el, " ");
    }
    passage.append(para);
  }
  const allWords = sentences.flatMap((sent) => sent.words);

  const pendingText = h("p", { class: "medialit-pending" });
  const list = h("ol", { class: "medialit-highlights" });

  const setCurrent = (word, focus) => {
    if (!word) return;
    if (current && current !== word) current.el.setAttribute("tabindex", "-1");
    current = word;
    word.el.setAttribute("tabindex", "0");
    if (focus) word.el.focus();
  };

  const pendingRange = () => {
    if (!pending) return null;
    return { s: pending.s, a: Math.min(pending.anchor, pending.focus), b: Math.max(pending.anchor, pending.focus) };
  };

  const spanOf = (range) => {
    const sent = sentences[range.s];
    const first = sent.words[range.a];
    const last = sent.words[range.b];
    return {
      sentence: sent.item.id,
      text: sent.text.slice(first.u0, last.u1),
      start: first.start,
      end: last.end,
      label,
    };
  };

  const showPending = () => {
    const range = pendingRange();
    for (const word of allWords) {
      const on = !!range && word.s === range.s && word.w >= range.a && word.w <= range.b;
      word.el.setAttribute("aria-pressed", String(on));
    }
    pendingText.textContent = range
      ? "Selected: " + quote(spanOf(range).text) + " — press Enter or “Add highlight”."
      : "Select words in one sentence: drag across them (or tap the first word, then the last), or use the arrow keys and Shift+arrow; then press Enter or “Add highlight”.";
  };

  const setPending = (s, anchor, focus) => {
    pending = s === null ? null : { s, anchor, focus };
    showPending();
  };

  /** The current DOM text selection, snapped to whole words, if it lies in one sentence. */
  const nativeRange = () => {
    const sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const holder = (node) => (node && (node.nodeType === 1 ? node : node.parentElement))?.closest(".medialit-sentence");
    const a = holder(sel.anchorNode);
    if (!a || a !== holder(sel.focusNode) || !passage.contains(a)) return null;
    const sent = byId.get(a.dataset.sentence);
    const hit = sent.words.filter((word) => sel.containsNode(word.el, true)).map((word) => word.w);
    if (!hit.length) return null;
    return { s: sentences.indexOf(sent), a: Math.min(...hit), b: Math.max(...hit) };
  };

  const addRange = (range) => {
    if (!range) {
      region.replaceChildren(h("p", { class: "medialit-status" }, pendingText.textContent));
      return;
    }
    const span = spanOf(range);
    const v = read();
    if (!v.some((old) => compareSpans(old, span) === 0)) v.push(span);
    v.sort(compareSpans);
    const sel = window.getSelection ? window.getSelection() : null;
    if (sel && !sel.isCollapsed) sel.removeAllRanges();
    setPending(null);
    commit(model, v, region, "Added highlight " + quote(span.text) + (span.label ? " — " + span.label : "") + ". " + v.length + " highlight(s).");
  };

  const removeAt = (index) => {
    const v = read();
    const [gone] = v.splice(index, 1);
    commit(model, v, region, "Removed highlight " + quote(gone.text) + ". " + v.length + " highlight(s).");
    const buttons = list.querySelectorAll(".medialit-remove");
    (buttons[Math.min(index, buttons.length - 1)] || addButton).focus();
  };

  // -- pointer (mouse, touch, pen): drag over words, or tap the first and then the last word --
  const wordAt = (target) => (target && target.closest ? target.closest(".medialit-word") : null)?.medialitWord;
  const wordUnder = (event) => wordAt(document.elementFromPoint(event.clientX, event.clientY));
  passage.addEventListener(
    "pointerdown",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      if (!word || (event.pointerType === "mouse" && event.button !== 0)) return;
      // The mouse would start a native text selection; touch keeps its default (vertical scrolling).
      if (event.pointerType === "mouse") event.preventDefault();
      const single = pending && pending.s === word.s && pending.anchor === pending.focus && pending.anchor !== word.w;
      if (pending && pending.s === word.s && (event.shiftKey || (event.pointerType !== "mouse" && single))) {
        setPending(word.s, pending.anchor, word.w);
      } else {
        setPending(word.s, word.w, word.w);
      }
      drag = { s: word.s, anchor: pending.anchor, pointer: event.pointerId };
      // Touch and pen capture the pointer on the word they pressed; find words by position instead.
      if (event.target.hasPointerCapture && event.target.hasPointerCapture(event.pointerId)) {
        event.target.releasePointerCapture(event.pointerId);
      }
      setCurrent(word, event.pointerType === "mouse");
    }),
  );
  passage.addEventListener(
    "pointermove",
    guarded(el, (event) => {
      if (!drag || event.pointerId !== drag.pointer) return;
      const word = wordUnder(event);
      if (!word || word.s !== drag.s) return;
      if (!pending || pending.focus !== word.w) setPending(word.s, drag.anchor, word.w);
      setCurrent(word, false);
    }),
  );
  const endDrag = () => {
    drag = null;
  };
  window.addEventListener("pointerup", endDrag);
  window.addEventListener("pointercancel", endDrag);
  // Touch: the first move decides. Sideways, it selects words, and the browser must not
  // start a scroll (or a fling that would swallow the next tap); up-down, the page scrolls.
  let touchStart = null;
  passage.addEventListener("touchstart", (event) => {
    const t = event.touches[0];
    touchStart = event.touches.length === 1 && t ? { x: t.clientX, y: t.clientY, sideways: null } : null;
  });
  passage.addEventListener(
    "touchmove",
    (event) => {
      const t = event.touches[0];
      if (!touchStart || !t || !drag) return;
      if (touchStart.sideways === null) {
        touchStart.sideways = Math.abs(t.clientX - touchStart.x) >= Math.abs(t.clientY - touchStart.y);
        if (!touchStart.sideways) drag = null; // a scroll, not a selection
      }
      if (touchStart.sideways && event.cancelable) event.preventDefault();
    },
    { passive: false },
  );

  // -- keyboard ---------------------------------------------------------------
  passage.addEventListener(
    "click",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      // detail 0: activated from the keyboard (Space); pointers are handled on pointerdown.
      if (word && event.detail === 0) setPending(word.s, word.w, word.w);
    }),
  );
  passage.addEventListener(
    "focusin",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      if (word) setCurrent(word, false);
    }),
  );
  passage.addEventListener(
    "keydown",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      if (!word) return;
      const sent = sentences[word.s];
      const last = sent.words.length - 1;
      let target = null;
      if (event.key === "Enter") {
        event.preventDefault();
        addRange(pendingRange() || { s: word.s, a: word.w, b: word.w });
        return;
      }
      if (event.key === "Escape") {
        setPending(null);
        return;
      }
      if (event.shiftKey && ["ArrowRight", "ArrowLeft", "Home", "End"].includes(event.key)) {
        const to = { ArrowRight: Math.min(word.w + 1, last), ArrowLeft: Math.max(word.w - 1, 0), Home: 0, End: last }[event.key];
        const anchor = pending && pending.s === word.s ? pending.anchor : word.w;
        event.preventDefault();
        setPending(word.s, anchor, to);
        setCurrent(sent.words[to], true);
        return;
      }
      const index = allWords.indexOf(word);
      if (event.key === "ArrowRight") target = allWords[index + 1];
      else if (event.key === "ArrowLeft") target = allWords[index - 1];
      else if (event.key === "ArrowDown") target = sentences.slice(word.s + 1).find((x) => x.words.length)?.words[0];
      else if (event.key === "ArrowUp") target = sentences.slice(0, word.s).reverse().find((x) => x.words.length)?.words[0];
      else if (event.key === "Home") target = sent.words[0];
      else if (event.key === "End") target = sent.words[last];
      else return;
      event.preventDefault();
      if (target) {
        setPending(null);
        setCurrent(target, true);
      }
    }),
  );

  // -- rendering the stored highlights -----------------------------------------
  const update = () => {
    const v = read();
    for (const tag of passage.querySelectorAll(".medialit-hl-tag")) tag.remove();
    for (const word of allWords) word.el.classList.remove("medialit-hl");
    v.forEach((span, index) => {
      const sent = byId.get(span.sentence);
      const covered = sent.words.filter((word) => word.start < span.end && word.end > span.start);
      for (const word of covered) word.el.classList.add("medialit-hl");
      const lastWord = covered[covered.length - 1];
      if (lastWord) {
        lastWord.el.after(h("span", { class: "medialit-hl-tag" }, "[" + (index + 1) + (span.label ? " " + span.label : "") + "]"));
      }
    });
    list.replaceChildren(
      ...v.map((span, index) =>
        h(
          "li",
          { class: "medialit-highlight", "data-sentence": span.sentence },
          h("span", {}, spanName(span) + " "),
          h(
            "button",
            {
              type: "button",
              class: "medialit-remove",
              "aria-label": "Remove highlight " + (index + 1) + ": " + quote(span.text),
              onclick: guarded(el, () => removeAt(index)),
            },
            "Remove",
          ),
        ),
      ),
    );
    listTitle.textContent = v.length ? "Your highlights" : "No highlights yet.";
  };

  // -- practice feedback ------------------------------------------------------
  const check = () => {
    const pk = model.get("practice_key") || {};
    const keySpans = Array.isArray(pk.key) ? pk.key : [];
    const notes = pk.items || {};
    const v = read();
    const texts = Object.fromEntries(sentences.map((sent) => [sent.item.id, sent.text]));
    const { found, matched } = matchSpans(keySpans, v, texts);
    const entries = keySpans.map((key, index) => {
      const hit = found[index];
      const name = spanName(key);
      return feedbackEntry(hit ? "found" : "missed", (hit ? TEXT.found : TEXT.missed) + ": " + name + ".", notes[key.sentence]);
    });
    let extra = 0;
    v.forEach((span, index) => {
      if (matched[index] !== null) return;
      extra += 1;
      entries.push(feedbackEntry("extra", TEXT.extra + ": " + spanName(span) + ".", null));
    });
    const count = found.filter(Boolean).length;
    const summary = count + " of " + keySpans.length + " found, " + (keySpans.length - count) + " missed, " + extra + " not in the key.";
    showFeedback(model, region, summary, entries, pk);
  };

  const addButton = h(
    "button",
    {
      type: "button",
      class: "medialit-add",
      // Keep the DOM selection: pressing the button must not clear it before click.
      onpointerdown: (event) => {
        if (event.pointerType === "mouse") event.preventDefault();
      },
      onclick: guarded(el, () => addRange(nativeRange() || pendingRange())),
    },
    "Add highlight",
  );
  const listTitle = h("p", { class: "medialit-list-title" });

  fill(
    root,
    root.firstChild,
    labels.length ? h("div", { class: "medialit-choices medialit-labels", role: "group", "aria-label": "Label for new highlights" }, labelButtons) : null,
    passage,
    pendingText,
    h("div", { class: "medialit-controls" }, addButton, checkButton(el, model, check)),
    listTitle,
    list,
    region,
  );
  el.append(root);
  setCurrent(allWords[0], false);
  showPending();
  update();
  const stop = listen(model, ["value"], guarded(el, update));
  return () => {
    stop();
    window.removeEventListener("pointerup", endDrag);
    window.removeEventListener("pointercancel", endDrag);
  };
}

function render({ model, el }) {
  return mountWidget(model, el, () => build(model, el));
}

export { matchSpans };
export default { render };
