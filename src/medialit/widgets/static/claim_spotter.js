// medialit claim_spotter widget (anywidget ESM). Plain ES module, no imports, no build step.

// ---- medialit common: begin (identical in every widget ESM; tests/widgets/test_state.py checks) ----
// anywidget loads one ES module per widget, so this block is copied, not imported.

/** Student-facing wording shared by the widgets (reviewed by educators). */
const TEXT = {
  selected: "✓ selected",
  right: "✓ Right",
  wrong: "✗ Wrong",
  missed: "✗ Missed",
  extra: "✗ Not in the key",
  found: "✓ Found",
  check: "Check answers",
  sources: "Sources: ",
  renderError: "This exercise could not be displayed. Reload the page; if it persists, tell your teacher. Details: ",
};

/**
 * Create an element. `props`: "class", "text", "on<event>" handlers, other attributes.
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...any} children
 * @returns {HTMLElement}
 */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, val] of Object.entries(props || {})) {
    if (val === undefined || val === null || val === false) continue;
    if (name === "class") node.className = val;
    else if (name === "text") node.textContent = val;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), val);
    else node.setAttribute(name, val === true ? "" : String(val));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Show an error inside the widget area (role="alert"), not only in the console. */
function showError(el, err) {
  console.error("medialit widget:", err);
  const message = (err && err.message) || String(err);
  el.replaceChildren(h("div", { class: "medialit-error", role: "alert" }, TEXT.renderError + message));
}

/** Wrap an event handler so that an exception is shown in the widget. */
function guarded(el, fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      showError(el, err);
      return undefined;
    }
  };
}

/** Subscribe `fn` to `change:<name>` for each name; returns the unsubscribe function. */
function listen(model, names, fn) {
  for (const name of names) model.on("change:" + name, fn);
  return () => {
    for (const name of names) model.off("change:" + name, fn);
  };
}

/**
 * Render with a try/catch; `build()` returns a cleanup function. The structural
 * traits rebuild the whole view; `value` changes are the widget's own business.
 */
function mountWidget(model, el, build) {
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
      cleanup = build() || (() => {});
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

/** The root element: kind marker, role="group" and the prompt as its label. */
function makeRoot(kind, model) {
  const prompt = model.get("prompt") || "";
  return h(
    "div",
    { class: "medialit-widget", "data-medialit-widget": kind, role: "group", "aria-label": prompt || kind },
    prompt ? h("p", { class: "medialit-prompt" }, prompt) : null,
  );
}

/** Consecutive items with the same `group` (paragraph id), in order. */
function groupItems(items) {
  const groups = [];
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

function shortText(text, words = 8) {
  const parts = String(text).trim().split(/\s+/);
  return parts.length <= words ? parts.join(" ") : parts.slice(0, words).join(" ") + " …";
}

function quote(text) {
  return "“" + text + "”";
}

/** How feedback names an item: its opening words and its id. */
function itemName(item) {
  return quote(shortText(item.text)) + " (" + item.id + ")";
}

/** Replace the children of `node`, skipping null/undefined/false (DOM append would print "null"). */
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function byString(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function has(obj, key) {
  return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key);
}

/** A copy of `obj` with its keys sorted (the order Python's validator returns). */
function sortedObject(obj) {
  const out = {};
  for (const key of Object.keys(obj).sort(byString)) out[key] = obj[key];
  return out;
}

/** The one aria-live region: status after each change, feedback after Check. */
function liveRegion() {
  return h("div", { class: "medialit-feedback", "aria-live": "polite" });
}

/** Save a new value and show/sync a status line. */
function commit(model, value, region, message) {
  model.set("value", value);
  model.set("status", message);
  region.replaceChildren(h("p", { class: "medialit-status" }, message));
  model.save_changes();
}

/** One feedback entry: headline, optional explanation and citations. */
function feedbackEntry(result, message, detail) {
  const info = detail || {};
  const cites = info.citations && info.citations.length ? TEXT.sources + info.citations.join(", ") : "";
  return h(
    "li",
    { class: "medialit-fb medialit-fb-" + result, "data-result": result },
    h("span", { class: "medialit-fb-head" }, message),
    info.explanation ? h("span", { class: "medialit-fb-explanation" }, " " + info.explanation) : null,
    cites ? h("span", { class: "medialit-cites" }, " " + cites) : null,
  );
}

/** Show the Check summary and entries (and the question's explanation) in the live region. */
function showFeedback(model, region, summary, entries, practiceKey) {
  const pk = practiceKey || {};
  const cites = pk.citations && pk.citations.length ? TEXT.sources + pk.citations.join(", ") : "";
  fill(
    region,
    h("p", { class: "medialit-fb-summary" }, summary),
    entries.length ? h("ul", { class: "medialit-fb-list" }, entries) : null,
    pk.explanation ? h("p", { class: "medialit-fb-explanation" }, pk.explanation) : null,
    cites ? h("p", { class: "medialit-cites" }, cites) : null,
  );
  model.set("status", summary);
  model.save_changes();
}

/** The Check button, present only in practice mode. */
function checkButton(el, model, onCheck) {
  if (model.get("mode") !== "practice") return null;
  return h("button", { type: "button", class: "medialit-check", onclick: guarded(el, onCheck) }, TEXT.check);
}

/** Move focus among `buttons` with the arrow keys, Home and End. */
function arrowFocus(event, buttons, index) {
  const last = buttons.length - 1;
  const next = {
    ArrowRight: index < last ? index + 1 : 0,
    ArrowDown: index < last ? index + 1 : 0,
    ArrowLeft: index > 0 ? index - 1 : last,
    ArrowUp: index > 0 ? index - 1 : last,
    Home: 0,
    End: last,
  }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  buttons[next].focus();
}
// ---- medialit common: end ----

/**
 * ClaimSpotter: each sentence is a toggle button. With labels, a selected
 * sentence also gets a <select> to choose its label (default: the first label).
 * value: sorted list of ids, or {id: label} when there are labels.
 */
function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  const labelled = labels.length > 0;
  const root = makeRoot("claim-spotter", model);
  const region = liveRegion();
  const rows = new Map();

  const read = () => {
    const v = model.get("value");
    if (labelled) return { ...(v && !Array.isArray(v) && typeof v === "object" ? v : {}) };
    return new Set(Array.isArray(v) ? v : []);
  };
  const isSelected = (v, id) => (labelled ? has(v, id) : v.has(id));
  const count = (v) => (labelled ? Object.keys(v).length : v.size);
  const clearResults = () => {
    for (const row of rows.values()) row.result.textContent = "";
  };
  const write = (v, message) => {
    clearResults();
    commit(model, labelled ? sortedObject(v) : [...v].sort(byString), region, message + " " + count(v) + " selected.");
  };

  const toggle = (item) => {
    const v = read();
    if (isSelected(v, item.id)) {
      if (labelled) delete v[item.id];
      else v.delete(item.id);
      write(v, "Unselected " + item.id + ".");
    } else {
      if (labelled) v[item.id] = labels[0];
      else v.add(item.id);
      write(v, "Selected " + item.id + (labelled ? " as " + labels[0] : "") + ".");
    }
  };
  const relabel = (item, label) => {
    const v = read();
    v[item.id] = label;
    write(v, "Labelled " + item.id + " as " + label + ".");
  };

  const passage = h("div", { class: "medialit-passage" });
  for (const group of groupItems(items)) {
    const para = h("div", { class: "medialit-paragraph", "data-group": group.id || null });
    for (const item of group.items) {
      const tag = h("span", { class: "medialit-tag" });
      const result = h("span", { class: "medialit-result" });
      const button = h(
        "button",
        {
          type: "button",
          class: "medialit-item",
          "aria-pressed": "false",
          "data-item": item.id,
          onclick: guarded(el, () => toggle(item)),
        },
        h("span", { class: "medialit-text" }, item.text),
        tag,
        result,
      );
      let select = null;
      if (labelled) {
        select = h(
          "select",
          {
            class: "medialit-label-select",
            "aria-label": "Label for " + itemName(item),
            "data-item": item.id,
            hidden: true,
          },
          labels.map((label) => h("option", { value: label }, label)),
        );
        select.addEventListener("change", guarded(el, () => relabel(item, select.value)));
      }
      rows.set(item.id, { button, tag, select, result });
      para.append(h("span", { class: "medialit-item-wrap" }, button, select), " ");
    }
    passage.append(para);
  }

  const update = () => {
    const v = read();
    for (const [id, row] of rows) {
      const on = isSelected(v, id);
      row.button.setAttribute("aria-pressed", String(on));
      row.tag.textContent = on ? (labelled ? TEXT.selected + " — " + v[id] : TEXT.selected) : "";
      if (row.select) {
        row.select.hidden = !on;
        if (on && row.select.value !== v[id]) row.select.value = v[id];
      }
    }
  };

  const check = () => {
    const pk = model.get("practice_key") || {};
    const key = pk.key;
    const keyMap = Array.isArray(key) ? Object.fromEntries(key.map((id) => [id, true])) : key || {};
    const notes = pk.items || {};
    const v = read();
    const tally = { right: 0, wrong: 0, missed: 0, extra: 0 };
    const entries = [];
    for (const item of items) {
      const row = rows.get(item.id);
      const chosen = isSelected(v, item.id);
      const expected = has(keyMap, item.id);
      row.result.textContent = "";
      if (!chosen && !expected) continue;
      let result;
      let message;
      if (chosen && expected && (!labelled || keyMap[item.id] === v[item.id])) {
        result = "right";
        message = TEXT.right + ": " + itemName(item) + (labelled ? " is " + v[item.id] + "." : " is in the key.");
      } else if (chosen && expected) {
        result = "wrong";
        message = TEXT.wrong + " label: " + itemName(item) + ": you chose " + v[item.id] + "; the key says " + keyMap[item.id] + ".";
      } else if (expected) {
        result = "missed";
        message = TEXT.missed + ": " + itemName(item) + (labelled ? " (" + keyMap[item.id] + ")" : "") + ".";
      } else {
        result = "extra";
        message = TEXT.extra + ": " + itemName(item) + ".";
      }
      tally[result] += 1;
      row.result.textContent = " — " + message.split(":")[0];
      entries.push(feedbackEntry(result, message, notes[item.id]));
    }
    const total = Object.keys(keyMap).length;
    const summary =
      tally.right + " of " + total + " right" + (labelled ? ", " + tally.wrong + " with the wrong label" : "") +
      ", " + tally.missed + " missed, " + tally.extra + " not in the key.";
    showFeedback(model, region, summary, entries, pk);
  };

  root.append(passage, h("div", { class: "medialit-controls" }, checkButton(el, model, check)), region);
  el.append(root);
  update();
  return listen(model, ["value"], guarded(el, update));
}

function render({ model, el }) {
  return mountWidget(model, el, () => build(model, el));
}

export default { render };
