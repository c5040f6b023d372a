// @ts-check
// medialit search_lab widget (anywidget ESM). Bundled with common.js and search.js into
// static/bundled/search_lab.js by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import { TEXT, checkButton, feedbackStage, fill, guarded, h, has, isRecord, listen, makeRoot, widgetModule } from "./common.js";
import { search } from "./search.js";

/** @import { Item, Model, Stage } from "./common.js" */
/** @import { IndexDocument, SearchIndex, SearchResult } from "./search.js" */

/**
 * A document the student opened: its id, title, reading time and the search it came from.
 * @typedef {{doc: string, title?: string, seconds: number, query?: number}} Opened
 */

/**
 * The answer record (medialit.widgets.search_lab checks it in Python).
 * @typedef {{queries: string[], opened: Opened[], answer: string | null}} SearchRecord
 */

/** @type {Record<string, string>} */
const KINDS = {
  news: "news report",
  reference: "reference work",
  copy: "copy of another page",
  official: "official record",
  research: "research report",
  advocacy: "advocacy site",
};
/** @type {Record<string, string>} */
const CLASSES = { independent: "independent source", partisan: "partisan source", self: "the page itself" };
// A reading shorter than this is a glance (medialit.qtypes.search_lab.MIN_SECONDS): the open
// document's seconds are saved once this has passed, so a document left open still counts.
const MIN_SECONDS = 5;
// Opening more distinct documents than this is not click restraint (search_lab.MAX_OPENED).
const MAX_OPENED = 10;

/**
 * The record as the widget keeps it: always the three fields (the value starts as {}).
 * @param {Model} model
 * @returns {SearchRecord}
 */
function readValue(model) {
  const v = model.get("value");
  /** @type {Record<string, unknown>} */
  const obj = isRecord(v) ? v : {};
  return {
    queries: Array.isArray(obj.queries) ? [.../** @type {string[]} */ (obj.queries)] : [],
    opened: Array.isArray(obj.opened) ? /** @type {Opened[]} */ (obj.opened).map((o) => ({ ...o })) : [],
    answer: has(obj, "answer") ? /** @type {string | null} */ (obj.answer) : null,
  };
}

/** @param {Pick<IndexDocument, "date" | "undated">} doc */
function dateText(doc) {
  if (doc.date) return doc.date;
  return "undated" + (doc.undated ? " (" + doc.undated + ")" : "");
}

/** @param {Pick<IndexDocument, "url" | "archive">} doc */
function whereText(doc) {
  return doc.url || (doc.archive ? "Archive: " + doc.archive : "no web address");
}

/**
 * SearchLab: a search form (Enter searches), ranked results whose titles are buttons, a reader
 * pane (Back or Escape returns to the results) and the conclusions as radio buttons.
 * value: {queries: [...], opened: [{doc, title, seconds}], answer}; see medialit.widgets.search_lab.
 * @param {Model} model
 * @param {HTMLElement} el
 * @returns {() => void}
 */
function build(model, el) {
  const packet = model.get("packet");
  // The packet's search index, checked in Python (medialit.widgets.search_lab); {}: the case has none.
  const index = isRecord(packet) && Array.isArray(packet.documents) ? /** @type {SearchIndex} */ (packet) : null;
  /** @type {Item[]} */
  const items = model.get("items") || [];
  const qid = model.get("question") || "search-lab";
  const slug = qid.replace(/[^A-Za-z0-9_-]/g, "-");
  const root = makeRoot("search-lab", model);
  const status = h("div", { class: "medialit-feedback medialit-search-status", "aria-live": "polite" });
  const feedback = h("div", { class: "medialit-feedback", "aria-live": "polite" });
  const haveIndex = index !== null && index.documents.length > 0;
  /** @type {{doc: string, since: number, at: number, timer: number} | null} */
  let opening = null; // the document in the reader
  /** @type {HTMLElement | null} */
  let lastFocus = null;

  /**
   * The open document's reading time so far, written into its entry of v.opened.
   * @param {SearchRecord} v
   */
  const stamp = (v) => {
    if (!opening) return;
    const entry = v.opened[opening.at];
    if (entry && entry.doc === opening.doc) {
      entry.seconds = Math.max(0, Math.round((performance.now() - opening.since) / 1000));
    }
  };
  /**
   * @param {SearchRecord} v
   * @param {string} [message]
   */
  const save = (v, message) => {
    stamp(v);
    model.set("value", { queries: v.queries, opened: v.opened, answer: v.answer });
    if (message) model.set("status", message);
    model.save_changes();
  };
  /** @param {string} message */
  const say = (message) => fill(status, h("p", { class: "medialit-status" }, message));

  // -- search form ---------------------------------------------------------------------------
  const inputId = "medialit-" + slug + "-query";
  const input = h("input", { type: "search", id: inputId, class: "medialit-query", autocomplete: "off" });
  const form = h(
    "form",
    { role: "search", "aria-label": "Search the source packet", class: "medialit-search-form" },
    h("label", { for: inputId }, "Search the source packet: "),
    input,
    h("button", { type: "submit", class: "medialit-search-button" }, "Search"),
  );
  const resultsTitleId = "medialit-" + slug + "-results-title";
  const resultsTitle = h("p", { class: "medialit-results-title", id: resultsTitleId }, "Results");
  const list = h("ol", { class: "medialit-results", "aria-labelledby": resultsTitleId });
  const resultsPane = h("div", { class: "medialit-results-pane" }, resultsTitle, list);
  const reader = h("div", {
    class: "medialit-reader",
    role: "region",
    "aria-label": "Document reader",
    hidden: true,
  });

  /** @param {string} query */
  const showResults = (query) => {
    const found = index ? search(index, query) : [];
    list.replaceChildren();
    found.forEach((r, i) => {
      const snippet = h("p", { class: "medialit-snippet" });
      for (const seg of r.snippet) snippet.append(seg.mark ? h("mark", {}, seg.text) : seg.text);
      const open = h(
        "button",
        { type: "button", class: "medialit-result-open", "data-doc": r.id, onclick: guarded(el, () => openDoc(r)) },
        r.title,
      );
      list.append(
        h(
          "li",
          { class: "medialit-result", "data-doc": r.id },
          h("p", { class: "medialit-result-title" }, h("span", { class: "medialit-rank" }, i + 1 + ". "), open),
          h("p", { class: "medialit-result-meta" }, whereText(r), " · ", dateText(r), r.publisher ? " · " + r.publisher : ""),
          snippet,
        ),
      );
    });
    resultsTitle.textContent = found.length
      ? "Results for “" + query + "”"
      : "No results for “" + query + "”";
    return found.length;
  };

  const doSearch = () => {
    const query = input.value.trim();
    if (!query) {
      say("Type some words to search for.");
      return;
    }
    if (opening) closeDoc(false);
    const n = showResults(query);
    resultsPane.hidden = false;
    const v = readValue(model);
    v.queries.push(query);
    const message = (n === 1 ? "1 result" : n + " results") + " for “" + query + "”.";
    say(message);
    save(v, message);
  };
  form.addEventListener(
    "submit",
    guarded(el, (event) => {
      event.preventDefault();
      doSearch();
    }),
  );
  // Enter in the box searches here rather than through the form's implicit submission: in
  // JupyterLab the notebook's key handling swallows that submission (a real-browser test found
  // Enter did nothing there). preventDefault keeps a plain page from submitting a second time.
  input.addEventListener(
    "keydown",
    guarded(el, (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      doSearch();
    }),
  );

  // -- reader --------------------------------------------------------------------------------
  const back = h("button", { type: "button", class: "medialit-back", onclick: guarded(el, () => closeDoc()) }, "← Back to results");
  /** @param {SearchResult} doc */
  const openDoc = (doc) => {
    if (opening) closeDoc(false);
    const button = list.querySelector('button[data-doc="' + CSS.escape(doc.id) + '"]');
    lastFocus = button instanceof HTMLElement ? button : null;
    const v = readValue(model);
    // The search whose results list it: the latest one (a restored record shows it again).
    const entry = { doc: doc.id, title: doc.title, seconds: 0, query: Math.max(0, v.queries.length - 1) };
    v.opened.push(entry);
    const current = { doc: doc.id, since: performance.now(), at: v.opened.length - 1, timer: 0 };
    opening = current;
    current.timer = setTimeout(
      guarded(el, () => {
        if (opening === current) save(readValue(model));
      }),
      MIN_SECONDS * 1000 + 100,
    );
    const full = index ? index.documents.find((d) => d.id === doc.id) : undefined;
    const readerTitleId = "medialit-" + slug + "-reader-title";
    fill(
      reader,
      back,
      h("p", { class: "medialit-reader-title", id: readerTitleId }, h("strong", {}, doc.title)),
      h(
        "dl",
        { class: "medialit-reader-meta" },
        h("dt", {}, "Publisher"),
        h("dd", {}, doc.publisher || "not given"),
        h("dt", {}, "Date"),
        h("dd", {}, dateText(doc)),
        h("dt", {}, "Address"),
        h("dd", {}, whereText(doc)),
        h("dt", {}, "Kind"),
        h("dd", {}, KINDS[doc.kind] || doc.kind),
        doc.leaning ? [h("dt", {}, "Leaning"), h("dd", {}, doc.leaning)] : null,
      ),
      h("p", { class: "medialit-reader-summary-title" }, "Summary (written for this packet):"),
      h("p", { class: "medialit-reader-summary" }, (full && full.body) || ""),
    );
    reader.setAttribute("aria-labelledby", readerTitleId);
    reader.hidden = false;
    resultsPane.hidden = true;
    const message = "Opened “" + doc.title + "”. Press Escape or Back to return to the results.";
    say(message);
    save(v, message);
    back.focus();
  };
  const closeDoc = (refocus = true) => {
    if (!opening) return;
    const v = readValue(model);
    stamp(v);
    clearTimeout(opening.timer);
    opening = null;
    reader.hidden = true;
    resultsPane.hidden = false;
    const message = "Back to the results.";
    say(message);
    save(v, message);
    if (refocus && lastFocus && lastFocus.isConnected) lastFocus.focus();
    else if (refocus) input.focus();
  };
  reader.addEventListener(
    "keydown",
    guarded(el, (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        closeDoc();
      }
    }),
  );

  // -- conclusion ----------------------------------------------------------------------------
  const radios = new Map();
  const group = h(
    "fieldset",
    { class: "medialit-conclusions" },
    h("legend", {}, "Your conclusion"),
    items.map((item) => {
      const id = "medialit-" + slug + "-c-" + item.id.replace(/[^A-Za-z0-9_-]/g, "-");
      const radio = h("input", {
        type: "radio",
        name: "medialit-" + slug + "-conclusion",
        id,
        value: item.id,
        onchange: guarded(el, () => {
          const v = readValue(model);
          v.answer = item.id;
          const message = "Your conclusion: " + item.text;
          say(message);
          save(v, message);
        }),
      });
      radios.set(item.id, radio);
      return h("div", { class: "medialit-conclusion" }, radio, " ", h("label", { for: id }, item.text));
    }),
  );
  const answerLine = h("p", { class: "medialit-answer" });

  const update = () => {
    const v = readValue(model);
    for (const [id, radio] of radios) radio.checked = v.answer === id;
    const chosen = items.find((i) => i.id === v.answer);
    answerLine.textContent =
      (chosen ? "Your conclusion: " + chosen.text : "No conclusion chosen yet") +
      " · " + (v.queries.length === 1 ? "1 search" : v.queries.length + " searches") +
      ", " + (v.opened.length === 1 ? "1 document opened" : v.opened.length + " documents opened") + ".";
  };

  // -- practice check ------------------------------------------------------------------------
  const steps = { wrongChecks: 0, revealed: false };
  const check = () => {
    const pk = model.get("practice_key") || {};
    const answer = isRecord(pk.key) ? pk.key.answer : undefined;
    const sources = pk.sources || {};
    const v = readValue(model);
    stamp(v); // the document still open counts with its reading time so far
    /** @param {string} doc */
    const kindOf = (doc) => Object.keys(CLASSES).find((c) => (sources[c] || []).includes(doc)) || "other";
    const docs = [...new Set(v.opened.map((o) => o.doc))];
    const titles = Object.fromEntries(v.opened.map((o) => [o.doc, o.title || o.doc]));
    const right = v.answer !== null && v.answer === answer;
    const independent = docs.some((d) => kindOf(d) === "independent");
    const read = v.opened.some((o) => kindOf(o.doc) === "independent" && o.seconds >= MIN_SECONDS);
    // The same order of reasons as the grader's feedback (medialit.qtypes.search_lab).
    const head = !right
      ? "✗ Not the conclusion the sources support."
      : docs.length > MAX_OPENED
        ? "½ Right conclusion, but you opened " + docs.length + " documents: scan the results and open the few that can settle it (click restraint)."
        : read
          ? "✓ Right, and confirmed by an independent source."
          : independent
            ? "½ Right conclusion, but you only glanced at the independent source (under " + MIN_SECONDS + " seconds)."
            : "½ Right conclusion, but you opened no independent source.";
    const opened = docs.length
      ? "You opened: " + docs.map((d) => "“" + titles[d] + "” (" + (CLASSES[kindOf(d)] || "other source") + ")").join("; ") + "."
      : "You opened no document.";
    // A wrong conclusion gets a hint first (feedbackStage): the explanation states the answer.
    if (!right) steps.wrongChecks += 1;
    /** @param {Stage} stage */
    const draw = (stage) => {
      const reveal = () => {
        steps.revealed = true;
        draw("answer");
        const summary = feedback.querySelector(".medialit-fb-summary");
        if (summary instanceof HTMLElement) summary.focus();
      };
      fill(
        feedback,
        h("p", { class: "medialit-fb-summary", tabindex: "-1" }, head),
        h("p", {}, opened),
        stage === "answer" && pk.explanation ? h("p", { class: "medialit-fb-explanation" }, pk.explanation) : null,
        stage === "hint" ? h("p", { class: "medialit-fb-hint" }, TEXT.hint + (pk.hint || TEXT.hintSearch)) : null,
        stage === "hint"
          ? h("div", { class: "medialit-controls" },
              h("button", { type: "button", class: "medialit-reveal", "aria-label": TEXT.revealLabel, onclick: guarded(el, reveal) }, TEXT.reveal))
          : null,
      );
      feedback.dataset.stage = stage;
    };
    draw(feedbackStage(steps.wrongChecks, right, steps.revealed));
    model.set("status", head);
    model.save_changes();
  };

  if (!haveIndex) {
    root.append(h("p", { class: "medialit-error", role: "alert" }, "This case has no source packet to search."));
  } else {
    root.append(form, status, resultsPane, reader);
  }
  root.append(group, answerLine, h("div", { class: "medialit-controls" }, checkButton(el, model, check)), feedback);
  el.append(root);
  const previous = readValue(model).queries;
  if (haveIndex && previous.length) {
    // A restored record: show the last search again (not recorded a second time).
    input.value = previous[previous.length - 1];
    showResults(input.value);
  } else {
    resultsPane.hidden = true;
  }
  update();
  const stop = listen(model, ["value"], guarded(el, update));
  return () => {
    if (opening) clearTimeout(opening.timer);
    stop();
  };
}

export default widgetModule(build);
