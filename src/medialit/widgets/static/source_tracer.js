// medialit source_tracer widget (anywidget ESM). Bundled with common.js into static/bundled/source_tracer.js
// by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import {
  TEXT,
  arrowFocus,
  checkButton,
  classifyItems,
  commit,
  feedbackEntry,
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
 * SourceTracer: for each claim, one toggle button per label (the sources).
 * Arrow keys move among a claim's buttons; Space/Enter chooses; choosing the
 * pressed label again clears the answer. value: {item_id: label}.
 */
function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  const root = makeRoot("source-tracer", model);
  const region = liveRegion();
  const rows = new Map();

  const read = () => {
    const v = model.get("value");
    return { ...(v && !Array.isArray(v) && typeof v === "object" ? v : {}) };
  };
  const choose = (item, label) => {
    const v = read();
    let message;
    if (v[item.id] === label) {
      delete v[item.id];
      message = "Cleared your answer for " + itemName(item) + ".";
    } else {
      v[item.id] = label;
      message = "Your answer for " + itemName(item) + ": " + label + ".";
    }
    for (const row of rows.values()) row.result.textContent = "";
    commit(model, sortedObject(v), region, message + " " + Object.keys(v).length + " of " + items.length + " answered.");
  };

  const list = h("ol", { class: "medialit-claims" });
  for (const item of items) {
    const buttons = [];
    labels.forEach((label, index) => {
      buttons.push(
        h(
          "button",
          {
            type: "button",
            class: "medialit-choice",
            "aria-pressed": "false",
            "data-label": label,
            onclick: guarded(el, () => choose(item, label)),
            onkeydown: guarded(el, (event) => arrowFocus(event, buttons, index)),
          },
          h("span", { class: "medialit-mark" }),
          label,
        ),
      );
    });
    const answer = h("span", { class: "medialit-tag" });
    const result = h("span", { class: "medialit-result" });
    list.append(
      h(
        "li",
        { class: "medialit-claim", "data-item": item.id, "data-group": item.group || null },
        h("p", { class: "medialit-claim-text" }, item.text),
        h("div", { class: "medialit-choices", role: "group", "aria-label": "Answer for " + itemName(item) }, buttons),
        h("p", { class: "medialit-answer" }, answer, result),
      ),
    );
    rows.set(item.id, { buttons, answer, result });
  }

  const update = () => {
    const v = read();
    for (const [id, row] of rows) {
      for (const button of row.buttons) {
        const on = v[id] === button.dataset.label;
        button.setAttribute("aria-pressed", String(on));
        button.firstChild.textContent = on ? "✓ " : "";
      }
      row.answer.textContent = has(v, id) ? "Your answer: " + v[id] : "No answer yet";
    }
  };

  const check = () => {
    const pk = model.get("practice_key") || {};
    const key = pk.key || {};
    const notes = pk.items || {};
    const v = read();
    const byId = new Map(items.map((item) => [item.id, item]));
    // A claim the key leaves out is not marked: labelling it is neither right nor wrong ("extra" is skipped).
    const { items: results, tally, total } = classifyItems([...byId.keys()], key, v, true);
    const entries = [];
    const marks = [];
    for (const { id, result } of results) {
      if (result === "extra") continue;
      const item = byId.get(id);
      let message;
      let hint;
      if (result === "right") {
        message = TEXT.right + ": " + itemName(item) + ": " + key[id] + ".";
      } else {
        message =
          (result === "wrong" ? TEXT.wrong + ": " + itemName(item) + ": you chose " + v[id] : TEXT.missed + ": " + itemName(item) + ": no answer") +
          "; the key says " + key[id] + ".";
        hint = result === "wrong"
          ? TEXT.lookAgain + ": " + itemName(item) + ": you chose " + v[id] + "."
          : TEXT.missed + ": " + itemName(item) + ": no answer yet.";
      }
      marks.push([id, result, message.split(":")[0]]);
      entries.push(feedbackEntry(result, message, { ...notes[id], place: id }, hint));
    }
    // The hint step says which answers to look at again, never the key's label.
    const markRows = (stage) => {
      for (const row of rows.values()) row.result.textContent = "";
      for (const [id, result, mark] of marks) {
        rows.get(id).result.textContent = " — " + (stage === "hint" && result !== "right" ? TEXT.lookAgain : mark);
      }
    };
    showFeedback(model, region, tally.right + " of " + total + " right.", entries, pk, markRows);
  };

  root.append(list, h("div", { class: "medialit-controls" }, checkButton(el, model, check)), region);
  el.append(root);
  update();
  return listen(model, ["value"], guarded(el, update));
}

function render({ model, el }) {
  return mountWidget(model, el, () => build(model, el));
}

export default { render };
