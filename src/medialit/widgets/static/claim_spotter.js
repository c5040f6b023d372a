// medialit claim_spotter widget (anywidget ESM). Bundled with common.js into static/bundled/claim_spotter.js
// by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import {
  TEXT,
  byString,
  checkButton,
  classifyItems,
  commit,
  feedbackEntry,
  groupItems,
  guarded,
  h,
  has,
  itemName,
  listen,
  liveRegion,
  makeRoot,
  mountWidget,
  showFeedback,
  sortedObject,
} from "./common.js";

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
      write(v, "Unselected " + itemName(item) + ".");
    } else {
      if (labelled) v[item.id] = labels[0];
      else v.add(item.id);
      write(v, "Selected " + itemName(item) + (labelled ? " as " + labels[0] : "") + ".");
    }
  };
  const relabel = (item, label) => {
    const v = read();
    v[item.id] = label;
    write(v, "Labelled " + itemName(item) + " as " + label + ".");
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
    const keyMap = Array.isArray(key) ? {} : key || {};
    const notes = pk.items || {};
    const v = read();
    const byId = new Map(items.map((item) => [item.id, item]));
    const { items: results, tally, total } = classifyItems([...byId.keys()], key, v, labelled);
    clearResults();
    const entries = [];
    const marks = [];
    for (const { id, result } of results) {
      const item = byId.get(id);
      let message;
      let hint;
      if (result === "right") {
        message = TEXT.right + ": " + itemName(item) + (labelled ? " is " + v[id] + "." : " is in the key.");
      } else if (result === "wrong") {
        message = TEXT.wrong + " label: " + itemName(item) + ": you chose " + v[id] + "; the key says " + keyMap[id] + ".";
        hint = TEXT.lookAgain + " at the label of " + itemName(item) + ": you chose " + v[id] + ".";
      } else if (result === "missed") {
        message = TEXT.missed + ": " + itemName(item) + (labelled ? " (" + keyMap[id] + ")" : "") + ".";
      } else {
        message = TEXT.extra + ": " + itemName(item) + ".";
      }
      marks.push([id, result, message.split(":")[0]]);
      entries.push(feedbackEntry(result, message, { ...notes[id], place: id }, hint));
    }
    const summary =
      tally.right + " of " + total + " right" + (labelled ? ", " + tally.wrong + " with the wrong label" : "") +
      ", " + tally.missed + " missed, " + tally.extra + " not in the key.";
    // The hint step marks only the student's own choices: a missed item stays unmarked.
    const markRows = (stage) => {
      clearResults();
      for (const [id, result, mark] of marks) {
        if (stage === "hint" && result === "missed") continue;
        rows.get(id).result.textContent = " — " + (stage === "hint" && result === "wrong" ? TEXT.lookAgain : mark);
      }
    };
    showFeedback(model, region, summary, entries, pk, markRows);
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
