// @ts-check
// medialit widgets: the helpers shared by every widget, as an ES module. Each widget module
// imports what it uses from here; scripts/build_widgets.mjs bundles each widget with these
// helpers into one file (static/bundled/), because anywidget and the static book load one module.
// This module imports nothing (the browser tests load it on its own). Its JSDoc types are checked
// by `npm run check:js` (tsconfig.json, part of `make lint`); the widget modules import them with
// JSDoc @import.

/**
 * An item of a widget (medialit.widgets._base checks them): a sentence, a claim or a conclusion;
 * `group` is the paragraph id of a sentence.
 * @typedef {{id: string, text: string, group?: string, context?: string, mark?: string, summary?: string}} Item
 */

/**
 * A citation as the widgets get it: a title with a link, or a bare string.
 * @typedef {string | {id?: string, title?: string, url?: string}} Citation
 */

/**
 * The explanation and citations of one key item (practice_key.items).
 * @typedef {{explanation?: string, citations?: Citation[]}} ItemNote
 */

/**
 * The practice key (practice mode only; {} in graded mode). Its `key` has each widget's answer
 * format and comes from the kernel as JSON: the widget that reads it checks its shape.
 * @typedef {object} PracticeKey
 * @property {unknown} [key]
 * @property {string} [hint]
 * @property {string} [explanation]
 * @property {Citation[]} [citations]
 * @property {Record<string, ItemNote>} [items]
 * @property {Record<string, string[]>} [sources]  SearchLab: the documents of each class of source
 */

/**
 * The synced traits (medialit.widgets._base.STATE_KEYS; SearchLab adds `packet`). `value`,
 * `restore_value` and `packet` are checked where they are read: a saved notebook may hold anything.
 * @typedef {object} Traits
 * @property {string} question
 * @property {string} prompt
 * @property {string} mode
 * @property {Item[]} items
 * @property {string[]} labels
 * @property {unknown} value
 * @property {PracticeKey} practice_key
 * @property {string} status
 * @property {string} restore_note
 * @property {unknown} restore_value
 * @property {unknown} packet
 */

/**
 * The part of anywidget's model that the widgets use (the static book's stand-in has the same
 * five methods). A trait may be missing (undefined) in a static page's state.
 * @typedef {object} Model
 * @property {<K extends keyof Traits>(name: K) => Traits[K] | undefined} get
 * @property {<K extends keyof Traits>(name: K, value: Traits[K]) => void} set
 * @property {() => void} save_changes
 * @property {(event: string, fn: () => void) => void} on
 * @property {(event: string, fn: () => void) => void} off
 */

/**
 * A practice result of an item or a span (classifyItems, the span rule).
 * @typedef {"right" | "wrong" | "missed" | "extra" | "found"} Result
 */

/** @typedef {"right" | "wrong" | "missed" | "extra"} ItemResult  what classifyItems says of an item */

/** @typedef {"hint" | "answer"} Stage  the step of the practice feedback (feedbackStage) */

/**
 * What h() appends: nodes, text, nothing (null, undefined, false), or lists of these.
 * @typedef {Node | string | null | undefined | false | Child[]} Child
 */

/**
 * h()'s attributes: "class", "text", "on<event>" handlers, other attributes (true: present, no value).
 * @typedef {Record<string, string | number | boolean | null | undefined | ((event: never) => unknown)>} Props
 */

/**
 * What render() gets from anywidget (or from the static book's loader).
 * @typedef {{model: Model, el: HTMLElement}} RenderContext
 */

/** Student-facing wording shared by the widgets (reviewed by educators). */
export const TEXT = {
  selected: "✓ selected",
  right: "✓ Right",
  wrong: "✗ Wrong",
  missed: "✗ Missed",
  extra: "✗ Not in the key",
  found: "✓ Found",
  check: "Check answers",
  lookAgain: "✗ Look again",
  hint: "Not all right yet. Look again before you see the answer: ",
  hintDefault: "reread the prompt and the passage, then change what the marks below point to and Check again.",
  missedAt: "Some of the answer is still missing; look again at ",
  hintSearch: "which of the documents you opened can settle the question, and who wrote each of them? Search again and read before you conclude.",
  reveal: "Show the answer",
  revealLabel: "Show the whole answer and its explanation",
  sources: "Sources: ",
  renderError: "This exercise could not be displayed. Reload the page; if it persists, tell your teacher. Details: ",
};

/**
 * Create an element. `props`: "class", "text", "on<event>" handlers, other attributes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, val] of Object.entries(props || {})) {
    if (val === undefined || val === null || val === false) continue;
    if (name === "class") node.className = String(val);
    else if (name === "text") node.textContent = String(val);
    // The handler's event type is the one its name says; the DOM's typings cannot tie the two.
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), /** @type {EventListener} */ (val));
    else node.setAttribute(name, val === true ? "" : String(val));
  }
  for (const child of flatChildren(children)) node.append(child);
  return node;
}

/**
 * The nodes and texts of `children`, lists flattened, without null, undefined and false.
 * @param {Child[]} children
 * @returns {(Node | string)[]}
 */
function flatChildren(children) {
  /** @type {(Node | string)[]} */
  const out = [];
  /** @param {Child} child */
  const add = (child) => {
    if (Array.isArray(child)) child.forEach(add);
    else if (child !== null && child !== undefined && child !== false) out.push(child);
  };
  children.forEach(add);
  return out;
}

/**
 * Show an error inside the widget area (role="alert"), not only in the console.
 * @param {HTMLElement} el
 * @param {unknown} err
 */
function showError(el, err) {
  console.error("medialit widget:", err);
  const detail = isRecord(err) ? err.message : undefined;
  const message = (detail && String(detail)) || String(err);
  el.replaceChildren(h("div", { class: "medialit-error", role: "alert" }, TEXT.renderError + message));
}

/**
 * Wrap an event handler so that an exception is shown in the widget.
 * @template {unknown[]} A
 * @template R
 * @param {HTMLElement} el
 * @param {(...args: A) => R} fn
 * @returns {(...args: A) => R | undefined}
 */
export function guarded(el, fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      showError(el, err);
      return undefined;
    }
  };
}

/**
 * Subscribe `fn` to `change:<name>` for each name; returns the unsubscribe function.
 * @param {Model} model
 * @param {(keyof Traits)[]} names
 * @param {() => void} fn
 * @returns {() => void}
 */
export function listen(model, names, fn) {
  for (const name of names) model.on("change:" + name, fn);
  return () => {
    for (const name of names) model.off("change:" + name, fn);
  };
}

/**
 * Render with a try/catch; `build()` returns a cleanup function. The structural
 * traits rebuild the whole view; `value` changes are the widget's own business.
 * @param {Model} model
 * @param {HTMLElement} el
 * @param {() => (() => void) | void} build
 * @returns {() => void}
 */
export function mountWidget(model, el, build) {
  let cleanup = () => {};
  const rebuild = () => {
    try {
      cleanup();
    } catch (err) {
      console.error(err);
    }
    cleanup = () => {};
    try {
      el.replaceChildren();
      const built = build() || (() => {});
      const stopOffer = restoreOffer(model, el);
      cleanup = () => {
        stopOffer();
        built();
      };
    } catch (err) {
      showError(el, err);
    }
  };
  rebuild();
  const stop = listen(model, ["items", "labels", "mode", "practice_key", "prompt", "question"], rebuild);
  return () => {
    stop();
    cleanup();
  };
}

/**
 * A widget module's default export: its render() mounts the view that `build` makes
 * (mountWidget) and returns the cleanup.
 * @param {(model: Model, el: HTMLElement) => () => void} build
 * @returns {{render: (context: RenderContext) => () => void}}
 */
export function widgetModule(build) {
  return { render: ({ model, el }) => mountWidget(model, el, () => build(model, el)) };
}

/**
 * The root element: kind marker, role="group" and the prompt as its label.
 * @param {string} kind
 * @param {Model} model
 * @returns {HTMLDivElement}
 */
export function makeRoot(kind, model) {
  const prompt = model.get("prompt") || "";
  return h(
    "div",
    { class: "medialit-widget", "data-medialit-widget": kind, role: "group", "aria-label": prompt || kind },
    prompt ? h("p", { class: "medialit-prompt" }, prompt) : null,
  );
}

/**
 * Consecutive items with the same `group` (paragraph id), in order.
 * @param {Item[]} items
 * @returns {{id: string, items: Item[]}[]}
 */
export function groupItems(items) {
  /** @type {{id: string, items: Item[]}[]} */
  const groups = [];
  /** @type {{id: string, items: Item[]} | null} */
  let current = null;
  for (const item of items) {
    const gid = item.group || "";
    if (!current || current.id !== gid) {
      current = { id: gid, items: [] };
      groups.push(current);
    }
    current.items.push(item);
  }
  return groups;
}

/**
 * @param {string} text
 * @param {number} [words]
 */
function shortText(text, words = 8) {
  const parts = String(text).trim().split(/\s+/);
  return parts.length <= words ? parts.join(" ") : parts.slice(0, words).join(" ") + " …";
}

/**
 * Text in quotation marks, unless it is already a quotation of its own: a span or item that is a
 * direct quote (“We will appeal,”), or one cut short after its opening mark (“We will …), keeps
 * its own marks instead of showing doubled ones (““We will appeal,””).
 * @param {string} text
 * @returns {string}
 */
export function quote(text) {
  const t = String(text).trim();
  if (/^[“"‘]/.test(t) && t.length > 1) {
    const end = t.replace(/[,.;:]+$/, "");
    if (/[”"’]$/.test(end)) return t;
    if (/…$/.test(end)) return t + "”";
  }
  return "“" + t + "”";
}

/**
 * Where an id points, in words: "headline", "paragraph 8", "text around the article" ("" if unknown).
 * @param {string | null | undefined} id
 * @returns {string}
 */
export function placeOf(id) {
  const m = /^([pf])(\d+)/i.exec(String(id || ""));
  if (!m) return "";
  if (m[1].toLowerCase() === "f") return "text around the article";
  return m[2] === "0" ? "headline" : "paragraph " + m[2];
}

/**
 * How students see an item: its opening words and, in words, where it is. A claim shown marked in
 * its sentence (an item with a ``mark``) is named without added quotation marks, as its item shows
 * it (medialit.readable.item_name): in curly marks it read as a direct quote (trial 28); marks that
 * are the article's own stay.
 * @param {Item} item
 * @returns {string}
 */
export function itemName(item) {
  // Some item texts end with their sentence id, "(p9.s4)": shown as "paragraph 9" instead.
  const m = /\s*\(([pf]\d+(?:\.s\d+)?)\)\s*$/i.exec(item.text);
  let text = m ? item.text.slice(0, m.index) : item.text;
  const place = placeOf(m ? m[1] : item.group || item.id);
  const where = place ? " (" + place + ")" : "";
  if (item.mark) return shortText(text) + where;
  // A summary in the course's words is not the article's: never in quotation marks.
  if (item.summary) return "summary: " + shortText(text) + where;
  const inner = text.trim().slice(1, -1);
  if (/^“.*”$/s.test(text.trim()) && !inner.includes("“")) text = inner;
  return quote(shortText(text)) + where;
}

/**
 * A citation as a title linking to its page (a bare string stays as it is).
 * @param {Citation} cite
 * @returns {Node | string}
 */
function citationNode(cite) {
  if (!cite || typeof cite !== "object") return String(cite);
  const title = cite.title || cite.id || "source";
  if (!cite.url) return title;
  return h("a", { href: cite.url, target: "_blank", rel: "noopener noreferrer" }, title);
}

/**
 * "Sources: A, B" with each citation a link, or null when there are none.
 * @param {Citation[] | undefined} cites
 * @returns {(Node | string)[] | null}
 */
function citationList(cites) {
  if (!cites || !cites.length) return null;
  /** @type {(Node | string)[]} */
  const parts = [TEXT.sources];
  cites.forEach((cite, index) => {
    if (index) parts.push("; ");
    parts.push(citationNode(cite));
  });
  return parts;
}

/**
 * Replace the children of `node`, skipping null/undefined/false (DOM append would print "null").
 * @template {Element} E
 * @param {E} node
 * @param {...Child} children
 * @returns {E}
 */
export function fill(node, ...children) {
  node.replaceChildren(...flatChildren(children));
  return node;
}

/**
 * @param {string} a
 * @param {string} b
 */
export function byString(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * @param {unknown} obj
 * @param {string} key
 * @returns {boolean}
 */
export function has(obj, key) {
  return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * A JSON object (not null, not a list).
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
export function isRecord(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * An answer or key as {id: label}: a list (or Set) of ids gives each id the label null; anything else is empty.
 * @param {unknown} v
 * @returns {Record<string, unknown>}
 */
function asLabels(v) {
  if (Array.isArray(v) || v instanceof Set) return Object.fromEntries([...v].map((id) => [id, null]));
  if (v !== null && typeof v === "object") return /** @type {Record<string, unknown>} */ (v);
  return {};
}

/**
 * A copy of an answer or key {id: label} (the labelled claim spotter, the source tracer), keeping the
 * entries whose label is a string; anything that is not such an object gives {}.
 * @param {unknown} v
 * @returns {Record<string, string>}
 */
export function labelMap(v) {
  /** @type {Record<string, string>} */
  const out = {};
  if (!isRecord(v)) return out;
  for (const [id, label] of Object.entries(v)) if (typeof label === "string") out[id] = label;
  return out;
}

/**
 * The practice feedback rule of the item widgets (Check in the claim spotter and the source tracer),
 * pinned by tests/data/vectors/practice.json (and a Python reference model in tests/unit/practice_reference.py).
 * `key` and `value`: a list of ids or {id: label}. Each item of `itemIds` (in order) that is in the
 * key or the answer is "right" (in both, and with the key's label when `labelled`), "wrong" (in
 * both, another label), "missed" (key only) or "extra" (answer only); ids not among `itemIds` are
 * ignored. `total` is the number of keyed items.
 * @param {string[]} itemIds
 * @param {unknown} key
 * @param {unknown} value
 * @param {boolean} labelled
 * @returns {{items: {id: string, result: ItemResult}[], tally: Record<ItemResult, number>, total: number}}
 */
export function classifyItems(itemIds, key, value, labelled) {
  const keyed = asLabels(key);
  const given = asLabels(value);
  /** @type {Record<ItemResult, number>} */
  const tally = { right: 0, wrong: 0, missed: 0, extra: 0 };
  /** @type {{id: string, result: ItemResult}[]} */
  const items = [];
  const seen = new Set();
  for (const id of itemIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const chosen = has(given, id);
    const expected = has(keyed, id);
    if (!chosen && !expected) continue;
    /** @type {ItemResult} */
    let result;
    if (chosen && expected) result = !labelled || given[id] === keyed[id] ? "right" : "wrong";
    else result = expected ? "missed" : "extra";
    tally[result] += 1;
    items.push({ id, result });
  }
  return { items, tally, total: tally.right + tally.wrong + tally.missed };
}

/**
 * A copy of `obj` with its keys sorted (the order Python's validator returns).
 * @template T
 * @param {Record<string, T>} obj
 * @returns {Record<string, T>}
 */
export function sortedObject(obj) {
  /** @type {Record<string, T>} */
  const out = {};
  for (const key of Object.keys(obj).sort(byString)) out[key] = obj[key];
  return out;
}

/**
 * The one aria-live region: status after each change, feedback after Check.
 * @returns {HTMLDivElement}
 */
export function liveRegion() {
  return h("div", { class: "medialit-feedback", "aria-live": "polite" });
}

/**
 * Save a new value and show/sync a status line.
 * @param {Model} model
 * @param {unknown} value
 * @param {HTMLElement} region
 * @param {string} message
 */
export function commit(model, value, region, message) {
  model.set("value", value);
  model.set("status", message);
  region.replaceChildren(h("p", { class: "medialit-status" }, message));
  model.save_changes();
}

/**
 * One feedback entry: headline, optional explanation and citations. `hint` is what the hint step
 * shows instead (a message that names no part of the key); by default a right, found or extra entry
 * keeps its headline (it names only the student's own choice) and a missed or wrong one is left out.
 * `detail.place` (an item or sentence id) says where a missed item is, in words, in the hint step.
 * @param {Result} result
 * @param {string} message
 * @param {(ItemNote & {place?: string}) | null} detail
 * @param {string | null} [hint]
 * @returns {HTMLLIElement}
 */
export function feedbackEntry(result, message, detail, hint) {
  const info = detail || {};
  const cites = citationList(info.citations);
  const node = h(
    "li",
    { class: "medialit-fb medialit-fb-" + result, "data-result": result, "data-place": info.place || null },
    h("span", { class: "medialit-fb-head" }, message),
    info.explanation ? h("span", { class: "medialit-fb-explanation" }, " " + info.explanation) : null,
    cites ? h("span", { class: "medialit-cites" }, " ", cites) : null,
  );
  const shown = hint !== undefined ? hint : result === "missed" || result === "wrong" ? null : message;
  if (shown !== null) node.dataset.hint = shown;
  return node;
}

/**
 * The practice feedback's step after a Check (pinned by the "stages" of tests/data/vectors/practice.json):
 * "answer" (the key, the explanation and the sources) when everything is right, once the student
 * asked for it, or from the second Check that is not all right; "hint" on the first such Check.
 * `wrongChecks` counts the Checks that were not all right, this one included.
 * @param {number} wrongChecks
 * @param {boolean} perfect
 * @param {boolean} revealed
 * @returns {Stage}
 */
export function feedbackStage(wrongChecks, perfect, revealed) {
  if (perfect || revealed) return "answer";
  return wrongChecks <= 1 ? "hint" : "answer";
}

/**
 * Where to look again for the missed items, in words and in passage order, each place once
 * ("paragraph 9", "headline"): `results` as classifyItems returns them (pinned by "missed_places").
 * @param {{id: string, result: string}[]} results
 * @returns {string[]}
 */
export function missedPlaces(results) {
  /** @type {string[]} */
  const places = [];
  for (const { id, result } of results) {
    const place = result === "missed" ? placeOf(id) : "";
    if (place && !places.includes(place)) places.push(place);
  }
  return places;
}

/**
 * The places in words, joined: "paragraph 8", "paragraph 8 and paragraph 11", "a, b and c".
 * @param {string[]} places
 */
function joinPlaces(places) {
  return places.length < 2 ? places.join("") : places.slice(0, -1).join(", ") + " and " + places[places.length - 1];
}

/**
 * The hint step: the summary, the marks that name no key item, where to look again, the hint, a button.
 * @param {string} summary
 * @param {HTMLElement[]} entries
 * @param {PracticeKey} pk
 * @param {() => void} onReveal
 * @returns {Child[]}
 */
function hintNodes(summary, entries, pk, onReveal) {
  const kept = entries
    .filter((e) => e.dataset.hint !== undefined)
    .map((e) =>
      h("li", { class: "medialit-fb medialit-fb-" + e.dataset.result, "data-result": e.dataset.result },
        h("span", { class: "medialit-fb-head" }, e.dataset.hint)),
    );
  const places = missedPlaces(entries.map((e) => ({ id: e.dataset.place || "", result: e.dataset.result || "" })));
  return [
    h("p", { class: "medialit-fb-summary", tabindex: "-1" }, summary),
    kept.length ? h("ul", { class: "medialit-fb-list" }, kept) : null,
    places.length ? h("p", { class: "medialit-fb-places" }, TEXT.missedAt + joinPlaces(places) + ".") : null,
    h("p", { class: "medialit-fb-hint" }, TEXT.hint + (pk.hint || TEXT.hintDefault)),
    h("div", { class: "medialit-controls" },
      h("button", { type: "button", class: "medialit-reveal", "aria-label": TEXT.revealLabel, onclick: onReveal }, TEXT.reveal)),
  ];
}

/** @type {WeakMap<HTMLElement, {wrongChecks: number, revealed: boolean}>} */
const STEPS = new WeakMap();

/**
 * Show the Check summary and entries (and the question's explanation) in the live region, in two
 * steps (feedbackStage): the first Check that is not all right gives a hint and a "Show the answer"
 * button; a later Check, or the button, gives the whole answer. `onStage(stage)` lets the widget
 * mark its items to match. Returns the step shown.
 * @param {Model} model
 * @param {HTMLElement} region
 * @param {string} summary
 * @param {HTMLElement[]} entries
 * @param {PracticeKey | null | undefined} practiceKey
 * @param {(stage: Stage) => void} [onStage]
 * @returns {Stage}
 */
export function showFeedback(model, region, summary, entries, practiceKey, onStage) {
  const pk = practiceKey || {};
  const cites = citationList(pk.citations);
  // The steps belong to this view of the widget (its live region): a rebuilt view starts again.
  let state = STEPS.get(region);
  if (!state) STEPS.set(region, (state = { wrongChecks: 0, revealed: false }));
  const steps = state;
  const perfect = !entries.some((e) => ["wrong", "missed", "extra"].includes(e.dataset.result || ""));
  if (!perfect) steps.wrongChecks += 1;
  /** @param {Stage} stage */
  const draw = (stage) => {
    if (stage === "hint") {
      const reveal = () => {
        steps.revealed = true;
        draw("answer");
        const head = region.querySelector(".medialit-fb-summary");
        if (head instanceof HTMLElement) head.focus();
      };
      fill(region, hintNodes(summary, entries, pk, guarded(region, reveal)));
    } else {
      fill(
        region,
        h("p", { class: "medialit-fb-summary", tabindex: "-1" }, summary),
        entries.length ? h("ul", { class: "medialit-fb-list" }, entries) : null,
        pk.explanation ? h("p", { class: "medialit-fb-explanation" }, pk.explanation) : null,
        cites ? h("p", { class: "medialit-cites" }, cites) : null,
      );
    }
    region.dataset.stage = stage;
    if (onStage) onStage(stage);
  };
  const stage = feedbackStage(steps.wrongChecks, perfect, steps.revealed);
  draw(stage);
  // Bring the feedback into view, clear of floating page furniture (scroll-margin in the CSS).
  if (region.scrollIntoView) region.scrollIntoView({ block: "nearest" });
  model.set("status", summary);
  model.save_changes();
  return stage;
}

/**
 * The Check button, present only in practice mode.
 * @param {HTMLElement} el
 * @param {Model} model
 * @param {() => void} onCheck
 * @returns {HTMLButtonElement | null}
 */
export function checkButton(el, model, onCheck) {
  if (model.get("mode") !== "practice") return null;
  return h("button", { type: "button", class: "medialit-check", onclick: guarded(el, onCheck) }, TEXT.check);
}

/**
 * Move focus among `buttons` with the arrow keys, Home and End.
 * @param {KeyboardEvent} event
 * @param {HTMLElement[]} buttons
 * @param {number} index
 */
export function arrowFocus(event, buttons, index) {
  const last = buttons.length - 1;
  /** @type {Record<string, number>} */
  const moves = {
    ArrowRight: index < last ? index + 1 : 0,
    ArrowDown: index < last ? index + 1 : 0,
    ArrowLeft: index > 0 ? index - 1 : last,
    ArrowUp: index > 0 ? index - 1 : last,
    Home: 0,
    End: last,
  };
  const next = moves[event.key];
  if (next === undefined) return;
  event.preventDefault();
  buttons[next].focus();
}

/* ---- Restore offer (issue 12): everything this feature adds to the widget JS is in this function. ----
 * Python's show() sets `restore_note` (and `restore_value`) when the widget starts empty while the
 * notebook holds a saved answer. The note is a status message with a button that puts the saved
 * answer back; the offer disappears once used. No-op when the traits are unset (static pages). */
/**
 * @param {Model} model
 * @param {HTMLElement} el
 * @returns {() => void}
 */
function restoreOffer(model, el) {
  const draw = () => {
    const old = el.querySelector(":scope > .medialit-restore");
    if (old) old.remove();
    const note = model.get("restore_note");
    if (!note) return;
    const restore = () => {
      model.set("value", model.get("restore_value"));
      model.set("restore_note", "");
      model.set("status", "Restored the answer saved in the notebook.");
      model.save_changes();
    };
    const button = h("button", { type: "button", class: "medialit-restore-button", onclick: guarded(el, restore) },
      "Restore the saved answer");
    el.prepend(h("div", { class: "medialit-restore", role: "status", "aria-live": "polite" },
      h("p", {}, note), button));
  };
  draw();
  return listen(model, ["restore_note"], draw);
}
