// medialit phrase_highlighter widget (anywidget ESM). Plain ES module, no imports, no build step.

// (the shared helpers of common.js are joined in front of this file by _base.esm_source)

/*
 * PhraseHighlighter: every word of every sentence is a button (one Tab stop for
 * the whole passage; arrow keys move between words). A selection is made by
 * dragging over words with the mouse, or with Shift+arrow keys, and stays inside
 * one sentence. "Add highlight" (or Enter) stores it with the current label.
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

/** Lower-case word tokens, as medialit.grading.score.tokens. */
function tokens(text) {
  return (String(text).match(TOKEN_RE) || []).map((t) => t.toLowerCase());
}

/**
 * The grader's rule (medialit.grading.score.span_found): same sentence, same label
 * (when the key has one), and the highlight holds at least half of the key's words
 * without being more than three times as long (plus three words).
 */
function spanFound(key, span) {
  if (span.sentence !== key.sentence) return false;
  if (key.label && span.label !== key.label) return false;
  const want = tokens(key.text);
  const remaining = tokens(span.text);
  if (!want.length || !remaining.length || remaining.length > 3 * want.length + 3) return false;
  let hit = 0;
  for (const t of want) {
    const at = remaining.indexOf(t);
    if (at >= 0) {
      remaining.splice(at, 1);
      hit += 1;
    }
  }
  return hit / want.length >= 0.5;
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
      sent.el = h("span", { class: "medialit-sentence", "data-sentence": item.id, role: "group", "aria-label": "Sentence " + item.id });
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
      : "Select words in one sentence: drag with the mouse, or use the arrow keys and Shift+arrow, then press Enter.";
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

  // -- mouse: drag over words --------------------------------------------------
  const wordAt = (target) => (target && target.closest ? target.closest(".medialit-word") : null)?.medialitWord;
  passage.addEventListener(
    "mousedown",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      if (!word || event.button !== 0) return;
      event.preventDefault();
      if (event.shiftKey && pending && pending.s === word.s) {
        setPending(word.s, pending.anchor, word.w);
      } else {
        setPending(word.s, word.w, word.w);
      }
      drag = { s: word.s, anchor: pending.anchor };
      setCurrent(word, true);
    }),
  );
  passage.addEventListener(
    "mouseover",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      if (!drag || !word || word.s !== drag.s) return;
      setPending(word.s, drag.anchor, word.w);
      setCurrent(word, false);
    }),
  );
  const endDrag = () => {
    drag = null;
  };
  window.addEventListener("mouseup", endDrag);

  // -- keyboard ---------------------------------------------------------------
  passage.addEventListener(
    "click",
    guarded(el, (event) => {
      const word = wordAt(event.target);
      // detail 0: activated from the keyboard (Space); the mouse is handled on mousedown.
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
          h("span", {}, quote(span.text) + (span.label ? " — " + span.label : "") + " (" + span.sentence + ") "),
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
    const used = new Set();
    const entries = [];
    let found = 0;
    for (const key of keySpans) {
      const keyLabel = key.label || "";
      let hit = false;
      v.forEach((span, index) => {
        if (spanFound(key, span)) {
          hit = true;
          used.add(index);
        }
      });
      const name = quote(key.text) + (keyLabel ? " — " + keyLabel : "") + " (" + key.sentence + ")";
      if (hit) found += 1;
      entries.push(feedbackEntry(hit ? "found" : "missed", (hit ? TEXT.found : TEXT.missed) + ": " + name + ".", notes[key.sentence]));
    }
    let extra = 0;
    v.forEach((span, index) => {
      if (used.has(index)) return;
      extra += 1;
      entries.push(
        feedbackEntry("extra", TEXT.extra + ": " + quote(span.text) + (span.label ? " — " + span.label : "") + " (" + span.sentence + ").", null),
      );
    });
    const summary = found + " of " + keySpans.length + " found, " + (keySpans.length - found) + " missed, " + extra + " not in the key.";
    showFeedback(model, region, summary, entries, pk);
  };

  const addButton = h(
    "button",
    {
      type: "button",
      class: "medialit-add",
      // Keep the DOM selection: pressing the button must not clear it before click.
      onmousedown: (event) => event.preventDefault(),
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
    window.removeEventListener("mouseup", endDrag);
  };
}

function render({ model, el }) {
  return mountWidget(model, el, () => build(model, el));
}

export default { render };
