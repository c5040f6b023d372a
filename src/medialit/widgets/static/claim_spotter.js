// @ts-check
// medialit claim_spotter widget (anywidget ESM). Bundled with common.js into static/bundled/claim_spotter.js
// by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import {
  TEXT,
  byString,
  checkButton,
  commit,
  groupItems,
  guarded,
  h,
  has,
  itemName,
  labelMap,
  listen,
  liveRegion,
  makeRoot,
  sortedObject,
  widgetModule,
} from "./common.js";
import { checkItems, clearResults } from "./item_check.js";

/** @import { Item, Model } from "./common.js" */

/**
 * A sentence's row: its toggle button, the tag that says it is selected, the label menu (with
 * labels) and its mark after a Check.
 * @typedef {{button: HTMLButtonElement, tag: HTMLSpanElement, select: HTMLSelectElement | null, result: HTMLSpanElement}} Row
 */

/**
 * ClaimSpotter: each sentence is a toggle button. With labels, a selected
 * sentence also gets a <select> to choose its label (default: the first label).
 * value: sorted list of ids, or {id: label} when there are labels.
 * @param {Model} model
 * @param {HTMLElement} el
 * @returns {() => void}
 */
function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  const labelled = labels.length > 0;
  const root = makeRoot("claim-spotter", model);
  const region = liveRegion();
  /** @type {Map<string, Row>} */
  const rows = new Map();

  // The answer as {id: label}; without labels each chosen id has the label "".
  /** @returns {Record<string, string>} */
  const read = () => {
    const v = model.get("value");
    if (labelled) return labelMap(v);
    const ids = Array.isArray(v) ? v.filter((id) => typeof id === "string") : [];
    return Object.fromEntries(ids.map((id) => [id, ""]));
  };
  /**
   * @param {Record<string, string>} v
   * @param {string} message
   */
  const write = (v, message) => {
    clearResults(rows);
    const value = labelled ? sortedObject(v) : Object.keys(v).sort(byString);
    commit(model, value, region, message + " " + Object.keys(v).length + " selected.");
  };

  /** @param {Item} item */
  const toggle = (item) => {
    const v = read();
    if (has(v, item.id)) {
      delete v[item.id];
      write(v, "Unselected " + itemName(item) + ".");
    } else {
      v[item.id] = labelled ? labels[0] : "";
      write(v, "Selected " + itemName(item) + (labelled ? " as " + labels[0] : "") + ".");
    }
  };
  /**
   * @param {Item} item
   * @param {string} label
   */
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
      /** @type {HTMLSelectElement | null} */
      let select = null;
      if (labelled) {
        const menu = h(
          "select",
          {
            class: "medialit-label-select",
            "aria-label": "Label for " + itemName(item),
            "data-item": item.id,
            hidden: true,
          },
          labels.map((label) => h("option", { value: label }, label)),
        );
        menu.addEventListener("change", guarded(el, () => relabel(item, menu.value)));
        select = menu;
      }
      rows.set(item.id, { button, tag, select, result });
      para.append(h("span", { class: "medialit-item-wrap" }, button, select), " ");
    }
    passage.append(para);
  }

  const update = () => {
    const v = read();
    for (const [id, row] of rows) {
      const on = has(v, id);
      row.button.setAttribute("aria-pressed", String(on));
      row.tag.textContent = on ? (labelled ? TEXT.selected + " — " + v[id] : TEXT.selected) : "";
      if (row.select) {
        row.select.hidden = !on;
        if (on && row.select.value !== v[id]) row.select.value = v[id];
      }
    }
  };

  const check = () => {
    const v = read();
    checkItems({
      model,
      region,
      items,
      rows,
      given: labelled ? v : Object.keys(v),
      labelled,
      say: (result, item, keyLabel) => {
        if (result === "right") return { message: TEXT.right + ": " + itemName(item) + (labelled ? " is " + v[item.id] + "." : " is in the key.") };
        if (result === "wrong") {
          return {
            message: TEXT.wrong + " label: " + itemName(item) + ": you chose " + v[item.id] + "; the key says " + keyLabel + ".",
            hint: TEXT.lookAgain + " at the label of " + itemName(item) + ": you chose " + v[item.id] + ".",
          };
        }
        if (result === "missed") return { message: TEXT.missed + ": " + itemName(item) + (labelled ? " (" + keyLabel + ")" : "") + "." };
        return { message: TEXT.extra + ": " + itemName(item) + "." };
      },
      summary: (tally, total) =>
        tally.right + " of " + total + " right" + (labelled ? ", " + tally.wrong + " with the wrong label" : "") +
        ", " + tally.missed + " missed, " + tally.extra + " not in the key.",
      // The hint step marks only the student's own choices: a missed item stays unmarked.
      hintMark: (result, mark) => (result === "missed" ? null : result === "wrong" ? TEXT.lookAgain : mark),
    });
  };

  root.append(passage, h("div", { class: "medialit-controls" }, checkButton(el, model, check)), region);
  el.append(root);
  update();
  return listen(model, ["value"], guarded(el, update));
}

export default widgetModule(build);
