"""Widget state: trait round-trip through a mock comm, validation, graded mode, recorder."""

from __future__ import annotations

import ast
import json
import pathlib
import re
import sys
from typing import Any

import comm
import pytest
from comm.base_comm import BaseComm

import medialit.widgets as widgets
from medialit.contracts import ANSWER_MIME, ANSWER_SCHEMA_VERSION
from medialit.errors import WidgetError
from medialit.model import Option, Question, find_question
from medialit.runtime.record import AnswerRecorder
from medialit.widgets import ClaimSpotter, PhraseHighlighter, SourceTracer, widget_for
from medialit.widgets._base import BUNDLED, STATIC, QuestionWidget, esm_source

SENTENCES = (
    Option("p1.s1", "Officials said the plant would be “ready” by 2024."),
    Option("p1.s2", "It is a disgrace, critics say."),
    Option("p2.s1", "U.S. officials tell NBC News that the talks failed."),
    Option("p3.s1", "Nobody knows what happens next </script><script>alert(1)</script>."),
)
GROUPS = {"p1.s1": "p1", "p1.s2": "p1", "p2.s1": "p2", "p3.s1": "p3"}
SECRET_EXPLANATION = "SECRET-EXPLANATION-the-plant-claim"
SECRET_ITEM = "SECRET-ITEM-FEEDBACK"
SECRET_CITE = "SECRET-CITE-nbc-2024"


def make_question(**overrides: Any) -> Question:
    """A claim-spotter question over a 3-paragraph fake passage."""
    spec: dict[str, Any] = {
        "id": "L2.Q3",
        "type": "select_sentences",
        "prompt": "Select every sentence that makes a checkable claim.",
        "points": 2.0,
        "objectives": ("O1",),
        "key": ["p1.s1", "p2.s1"],
        "explanation": SECRET_EXPLANATION,
        "citations": (SECRET_CITE,),
        "items": SENTENCES,
        "widget": "claim-spotter",
        "settings": {
            "groups": GROUPS,
            "item_feedback": {"p1.s2": {"explanation": SECRET_ITEM, "citations": [SECRET_CITE]}},
        },
    }
    spec.update(overrides)
    return Question(**spec)


def tracer_question(**overrides: Any) -> Question:
    spec: dict[str, Any] = {
        "id": "L3.Q1",
        "type": "label_items",
        "widget": "source_tracer",
        "items": (Option("c1", "The talks failed."), Option("c2", "The plant is ready.")),
        "labels": ("NBC News", "anonymous", "no source given"),
        "key": {"c1": "NBC News", "c2": "anonymous"},
        "settings": {"item_feedback": {"c1": {"explanation": SECRET_ITEM, "citations": [SECRET_CITE]}}},
    }
    spec.update(overrides)
    return make_question(**spec)


def highlighter_question(**overrides: Any) -> Question:
    spec: dict[str, Any] = {
        "id": "L4.Q2",
        "type": "select_spans",
        "widget": "PhraseHighlighter",
        "labels": ("loaded language", "label"),
        "key": [{"sentence": "p1.s2", "text": "a disgrace", "label": "loaded language"}],
    }
    spec.update(overrides)
    return make_question(**spec)


class MockComm(BaseComm):
    """Records every message the kernel side would send to the front end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.log: list[tuple[str, Any]] = []
        super().__init__(*args, **kwargs)

    def publish_msg(
        self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any
    ) -> None:
        self.log.append((msg_type, json.loads(json.dumps(data))))

    def from_frontend(self, state: dict[str, Any]) -> None:
        """Deliver an ``update`` message as the front end sends it."""
        self.handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}}, "buffers": []})

    def updates(self) -> list[dict[str, Any]]:
        return [data["state"] for kind, data in self.log if kind == "comm_msg" and data.get("method") == "update"]


@pytest.fixture
def mock_comm(monkeypatch: pytest.MonkeyPatch) -> list[MockComm]:
    created: list[MockComm] = []

    def create_comm(*args: Any, **kwargs: Any) -> MockComm:
        c = MockComm(*args, **kwargs)
        created.append(c)
        return c

    monkeypatch.setattr(comm, "create_comm", create_comm)
    return created


# -- public API and layering -------------------------------------------------------


def test_public_api_is_the_listed_names() -> None:
    assert sorted(widgets.__all__) == ["ClaimSpotter", "PhraseHighlighter", "SearchLab", "SourceTracer", "widget_for"]
    for name in widgets.__all__:
        assert hasattr(widgets, name)


def test_widgets_import_only_anywidget_traitlets_stdlib_and_model() -> None:
    allowed = {
        "anywidget",
        "traitlets",
        "__future__",
        "medialit.model",
        "medialit.errors",
        "medialit.widgets",
    }
    for path in (pathlib.Path(widgets.__file__).parent).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                ok = top in sys.stdlib_module_names or any(name == a or name.startswith(a + ".") for a in allowed)
                assert ok, f"{path.name} imports {name}"


# -- mock comm round trip ------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "py_value", "normalised", "front_value"),
    [
        (
            lambda: ClaimSpotter.from_question(make_question(), mode="practice"),
            ["p2.s1", "p1.s1", "p2.s1"],
            ["p1.s1", "p2.s1"],
            ["p1.s2"],
        ),
        (
            lambda: ClaimSpotter.from_question(
                make_question(labels=("factual", "opinion"), key={"p1.s1": "factual"}), mode="graded"
            ),
            {"p2.s1": "opinion", "p1.s1": "factual"},
            {"p1.s1": "factual", "p2.s1": "opinion"},
            {"p1.s2": "opinion"},
        ),
        (
            lambda: SourceTracer.from_question(tracer_question(), mode="practice"),
            {"c2": "anonymous"},
            {"c2": "anonymous"},
            {"c1": "NBC News", "c2": "no source given"},
        ),
        (
            lambda: PhraseHighlighter.from_question(highlighter_question(), mode="practice"),
            [
                {"sentence": "p1.s2", "text": "disgrace", "start": 8, "end": 16, "label": "label"},
                {"sentence": "p1.s1", "text": "Officials", "start": 0, "end": 9, "label": "label"},
            ],
            [
                {"sentence": "p1.s1", "text": "Officials", "start": 0, "end": 9, "label": "label"},
                {"sentence": "p1.s2", "text": "disgrace", "start": 8, "end": 16, "label": "label"},
            ],
            [{"sentence": "p1.s1", "text": "“ready”", "start": 34, "end": 41, "label": "loaded language"}],
        ),
    ],
    ids=["claim-spotter", "claim-spotter-labelled", "source-tracer", "phrase-highlighter"],
)
def test_state_round_trip_through_mock_comm(
    mock_comm: list[MockComm], build: Any, py_value: Any, normalised: Any, front_value: Any
) -> None:
    widget = build()
    c = mock_comm[-1]
    kind, data = c.log[0]
    assert kind == "comm_open"
    state = data["state"]
    for name in ("question", "prompt", "mode", "items", "labels", "value", "practice_key", "status"):
        assert name in state, name
    assert state["question"] == widget.question
    assert [item["id"] for item in state["items"]] == [item["id"] for item in widget.items]
    assert state["_esm"] == esm_source(widget.kind.replace("-", "_") + ".js")

    # kernel -> front end: the value is normalised (sorted, de-duplicated) before it is sent
    widget.value = py_value
    assert widget.value == normalised
    assert c.updates()[-1] == {"value": normalised}

    # front end -> kernel
    c.from_frontend({"value": front_value, "status": "changed in the browser"})
    assert widget.value == front_value
    assert widget.status == "changed in the browser"

    # a front-end value naming an unknown item is refused; the trait keeps its value
    bad = ["nope"] if isinstance(front_value, list) else {"nope": widget.labels[0] if widget.labels else "x"}
    c.from_frontend({"value": bad})
    assert widget.value == front_value


def test_items_carry_paragraph_groups() -> None:
    widget = ClaimSpotter.from_question(make_question(), mode="graded")
    assert widget.items[0] == {"id": "p1.s1", "text": SENTENCES[0].text, "group": "p1"}
    assert [item["group"] for item in widget.items] == ["p1", "p1", "p2", "p3"]


def test_restored_value_is_used() -> None:
    widget = ClaimSpotter.from_question(make_question(), mode="graded", value=["p2.s1"])
    assert widget.value == ["p2.s1"]


def test_widget_for_picks_the_class() -> None:
    assert isinstance(widget_for(tracer_question(), mode="graded"), SourceTracer)
    assert isinstance(widget_for(highlighter_question(), mode="graded"), PhraseHighlighter)
    with pytest.raises(WidgetError, match=r"L2\.Q3.*'quiz-wheel'"):
        widget_for(make_question(widget="quiz-wheel"), mode="graded")


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "needles"),
    [
        (lambda: ClaimSpotter.from_question(make_question(items=()), mode="graded"), ["L2.Q3", "no items"]),
        (
            lambda: ClaimSpotter.from_question(
                make_question(items=(Option("a", "A."), Option("a", "B."))), mode="graded"
            ),
            ["L2.Q3", "'a'"],
        ),
        (
            lambda: ClaimSpotter.from_question(make_question(), mode="graded", value=["p9.s9"]),
            ["L2.Q3", "'p9.s9'"],
        ),
        (
            lambda: ClaimSpotter.from_question(
                make_question(labels=("factual",), key={"p1.s1": "factual"}),
                mode="graded",
                value={"p1.s1": "gossip"},
            ),
            ["L2.Q3", "'gossip'"],
        ),
        (lambda: ClaimSpotter.from_question(make_question(), mode="exam"), ["L2.Q3", "'exam'"]),
        (lambda: ClaimSpotter.from_question(tracer_question(), mode="graded"), ["L3.Q1", "'source_tracer'"]),
        (lambda: ClaimSpotter.from_question(make_question(widget=None), mode="graded"), ["L2.Q3", "None"]),
        (
            lambda: ClaimSpotter.from_question(make_question(key=["p1.s1", "p7.s1"]), mode="practice"),
            ["L2.Q3", "'p7.s1'"],
        ),
        (
            lambda: ClaimSpotter.from_question(make_question(settings={"groups": {"p8.s1": "p8"}}), mode="graded"),
            ["L2.Q3", "'p8.s1'"],
        ),
        (
            lambda: ClaimSpotter.from_question(
                make_question(settings={"item_feedback": {"p5.s5": {}}}), mode="practice"
            ),
            ["L2.Q3", "'p5.s5'"],
        ),
        (lambda: SourceTracer.from_question(tracer_question(labels=()), mode="graded"), ["L3.Q1", "labels"]),
        (
            lambda: SourceTracer.from_question(tracer_question(labels=("a", "a")), mode="graded"),
            ["L3.Q1", "'a'"],
        ),
        (
            lambda: SourceTracer.from_question(tracer_question(), mode="graded", value={"c1": "Fox"}),
            ["L3.Q1", "'Fox'"],
        ),
        (
            lambda: SourceTracer.from_question(tracer_question(key={"c3": "anonymous"}), mode="practice"),
            ["L3.Q1", "'c3'"],
        ),
        (
            lambda: PhraseHighlighter.from_question(
                highlighter_question(),
                mode="graded",
                value=[{"sentence": "p1.s2", "text": "disgrace", "start": 0, "end": 8, "label": "label"}],
            ),
            ["L4.Q2", "'disgrace'", "'p1.s2'"],
        ),
        (
            lambda: PhraseHighlighter.from_question(
                highlighter_question(),
                mode="graded",
                value=[{"sentence": "p0.s1", "text": "x", "start": 0, "end": 1, "label": "label"}],
            ),
            ["L4.Q2", "'p0.s1'"],
        ),
        (
            lambda: PhraseHighlighter.from_question(
                highlighter_question(key=[{"sentence": "p1.s2", "text": "a scandal", "label": "label"}]),
                mode="practice",
            ),
            ["L4.Q2", "'a scandal'"],
        ),
    ],
    ids=[
        "empty-items",
        "duplicate-item",
        "unknown-value-item",
        "unknown-value-label",
        "unknown-mode",
        "wrong-widget",
        "no-widget",
        "key-unknown-item",
        "groups-unknown-item",
        "feedback-unknown-item",
        "tracer-no-labels",
        "duplicate-label",
        "tracer-unknown-label",
        "tracer-key-unknown-item",
        "span-wrong-offsets",
        "span-unknown-sentence",
        "key-span-not-in-sentence",
    ],
)
def test_bad_input_raises_widget_error_naming_the_id(build: Any, needles: list[str]) -> None:
    with pytest.raises(WidgetError) as info:
        build()
    assert isinstance(info.value, ValueError)
    for needle in needles:
        assert needle in str(info.value)


def test_setting_a_bad_value_later_raises() -> None:
    widget = SourceTracer.from_question(tracer_question(), mode="graded")
    with pytest.raises(WidgetError, match=r"L3\.Q1.*'zz'"):
        widget.value = {"zz": "anonymous"}
    assert widget.value == {}


def test_missing_esm_fails_at_class_definition(tmp_path: pathlib.Path) -> None:
    with pytest.raises(WidgetError, match="missing"):

        class Broken(QuestionWidget):
            kind = "broken"
            _esm = tmp_path / "nope.js"
            _css = STATIC / "widgets.css"


# -- graded mode carries no key ------------------------------------------------------------


def all_builds(mode: str) -> list[QuestionWidget]:
    return [
        ClaimSpotter.from_question(make_question(), mode=mode),
        ClaimSpotter.from_question(make_question(labels=("factual", "opinion"), key={"p1.s1": "factual"}), mode=mode),
        SourceTracer.from_question(tracer_question(), mode=mode),
        PhraseHighlighter.from_question(highlighter_question(), mode=mode),
    ]


@pytest.mark.parametrize("widget", all_builds("graded"), ids=lambda w: w.kind)
def test_graded_mode_has_no_key_anywhere(widget: QuestionWidget) -> None:
    state = widget.get_state()
    assert state["practice_key"] == {}
    html = widget._repr_mimebundle_()[0]["text/html"]
    for blob in (json.dumps(state, ensure_ascii=False), html):
        for secret in (SECRET_EXPLANATION, SECRET_ITEM, SECRET_CITE, 'a disgrace", "label', '"key"'):
            assert secret not in blob
    if isinstance(widget, SourceTracer):
        assert '"anonymous"}' not in json.dumps(state["value"])


@pytest.mark.parametrize("widget", all_builds("practice"), ids=lambda w: w.kind)
def test_practice_mode_carries_key_and_feedback(widget: QuestionWidget) -> None:
    pk = widget.practice_key
    assert pk["explanation"] == SECRET_EXPLANATION
    assert pk["citations"] == [SECRET_CITE]
    assert pk["key"]
    assert SECRET_EXPLANATION in widget._repr_mimebundle_()[0]["text/html"]


def test_switching_to_graded_drops_the_key() -> None:
    widget = ClaimSpotter.from_question(make_question(), mode="practice")
    widget.mode = "graded"
    assert widget.practice_key == {}
    with pytest.raises(WidgetError, match="graded"):
        widget.practice_key = {"key": ["p1.s1"]}


# -- static fallback ------------------------------------------------------------------------


def script_payload(html: str, cls: str) -> str:
    match = re.search(rf'<script type="application/json" class="{cls}"[^>]*>(.*?)</script>', html, re.S)
    assert match, cls
    return match.group(1)


def test_static_html_is_self_contained_escaped_and_deterministic() -> None:
    one = ClaimSpotter.from_question(make_question(), mode="practice")
    two = ClaimSpotter.from_question(make_question(), mode="practice")
    data, _ = one._repr_mimebundle_()
    html = data["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert html == two.static_html()
    assert 'id="medialit-L2-Q3"' in html
    assert 'id="medialit-L2-Q3-state"' in html
    state_text = script_payload(html, "medialit-state")
    assert "</" not in state_text
    assert "<script" not in state_text
    state = json.loads(state_text)
    assert state["value"] == []
    assert state["items"][3]["text"] == SENTENCES[3].text
    esm = json.loads(script_payload(html, "medialit-esm"))
    assert esm == str(ClaimSpotter._esm)
    assert esm == (BUNDLED / "claim_spotter.js").read_text(encoding="utf-8")
    assert (STATIC / "widgets.css").read_text(encoding="utf-8") in html
    assert "http://" not in html
    assert "https://" not in html
    assert html.count("<script") == 3  # state, esm, loader: the item text's <script> is escaped
    assert "&lt;/script&gt;" in html  # the plain-text fallback list escapes item text


def esm_sources() -> dict[str, str]:
    """Each widget's whole ES module, as anywidget and the static fallback load it."""
    return {cls.__name__: str(cls._esm) for cls in (ClaimSpotter, PhraseHighlighter, SourceTracer)}


def test_widget_modules_import_the_shared_helpers_and_bundles_hold_them_once() -> None:
    common = (STATIC / "common.js").read_text(encoding="utf-8")
    shared = set(re.findall(r"^export (?:function|const) (\w+)", common, re.M))
    assert {"h", "makeRoot", "mountWidget", "TEXT"} <= shared
    for widget in ("claim_spotter", "phrase_highlighter", "source_tracer"):
        source = (STATIC / f"{widget}.js").read_text(encoding="utf-8")
        imported = re.search(r'^import \{([^}]*)\} from "\./common\.js";$', source, re.M)
        assert imported, f"{widget}.js imports the shared helpers from ./common.js"
        names = {n.strip() for n in imported.group(1).split(",") if n.strip()}
        assert names <= shared, f"{widget}.js imports names common.js does not export: {names - shared}"
        assert "makeRoot" in names
        assert not re.search(r"^function (makeRoot|h|mountWidget)\(", source, re.M), f"{widget}.js copies common.js"
    for name, source in esm_sources().items():
        assert source.count("function makeRoot(") == 1, name
        assert source.startswith("// Generated by scripts/build_widgets.mjs"), name


def test_a_missing_bundle_names_the_file_and_the_build_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setattr("medialit.widgets._base.BUNDLED", tmp_path)
    with pytest.raises(WidgetError, match=r"nope\.js.*npm ci && npm run build:widgets"):
        esm_source("nope.js")


@pytest.mark.parametrize("name", sorted(esm_sources()))
def test_esm_uses_only_the_small_model_api_and_no_network(name: str) -> None:
    source = esm_sources()[name]
    assert set(re.findall(r"\bmodel\.(\w+)", source)) <= {"get", "set", "save_changes", "on", "off"}
    assert not re.search(r"^\s*import\b|\bimport\(|https?://|fetch\(", source, re.M)
    # the widget is the default export (esbuild may list named exports such as checkSummary first)
    assert re.search(r"^export \{\n(?:  \w+,\n)*  \w+_default as default", source, re.M)


# -- answer of record ----------------------------------------------------------------------


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Capture what IPython.display publishes, under a real InteractiveShell."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    calls: list[dict[str, Any]] = []

    def publish(data: Any, metadata: Any = None, **kwargs: Any) -> None:
        calls.append({"data": json.loads(json.dumps(data)), **kwargs})

    monkeypatch.setattr(shell.display_pub, "publish", publish)
    return calls


def test_recorder_displays_updates_and_writes_sidecar(tmp_path: pathlib.Path, published: list[dict[str, Any]]) -> None:
    rec = AnswerRecorder("L2.Q3", tmp_path)
    assert rec.restore() is None
    rec.start([])
    rec.update(["p1.s1"])
    rec.update(["p1.s1", "p2.s1"])

    first, *updates = published
    assert first["transient"] == {"display_id": "medialit-answer-L2.Q3"}
    assert not first.get("update")
    assert first["data"][ANSWER_MIME] == {
        "schema_version": ANSWER_SCHEMA_VERSION,
        "question": "L2.Q3",
        "seq": 0,
        "value": [],
    }
    assert [u["data"][ANSWER_MIME]["seq"] for u in updates] == [1, 2]
    assert all(u["update"] and u["transient"]["display_id"] == "medialit-answer-L2.Q3" for u in updates)
    # readable with no kernel: words, not JSON (issue 15)
    assert updates[-1]["data"]["text/plain"] == (
        "Saved: 2 sentences selected:\n  1. sentence 1 of paragraph 1\n  2. sentence 1 of paragraph 2"
    )
    assert "<ol><li>sentence 1 of paragraph 1</li>" in updates[-1]["data"]["text/html"]
    assert "{" not in updates[-1]["data"]["text/plain"]

    sidecar = tmp_path / "L2.Q3.json"
    text = sidecar.read_text(encoding="utf-8")
    assert json.loads(text) == updates[-1]["data"][ANSWER_MIME]
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["L2.Q3.json"]  # no temp files left


def test_recorder_seq_continues_after_restart(tmp_path: pathlib.Path, published: list[dict[str, Any]]) -> None:
    before = AnswerRecorder("L2.Q3", tmp_path)
    for value in (["p1.s1"], ["p1.s2"], ["p2.s1"]):
        before.update(value)

    after = AnswerRecorder("L2.Q3", tmp_path)  # a new kernel
    assert after.restore() == (["p2.s1"], 3)
    after.start(["p2.s1"])
    after.update(["p3.s1"])
    seqs = [call["data"][ANSWER_MIME]["seq"] for call in published]
    assert seqs == [1, 2, 3, 3, 4]

    fresh = AnswerRecorder("L2.Q3", tmp_path)  # update without restore() still continues
    fresh.update([])
    assert json.loads((tmp_path / "L2.Q3.json").read_text(encoding="utf-8"))["seq"] == 5


def _notebook_with_records(path: pathlib.Path, *records: dict[str, Any]) -> None:
    outputs = [
        {"output_type": "display_data", "metadata": {}, "data": {ANSWER_MIME: r, "text/plain": "x"}} for r in records
    ]
    cell = {"cell_type": "code", "metadata": {}, "source": "show('L2.Q3')", "outputs": outputs, "execution_count": 1}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")


def test_a_lost_sidecar_is_restored_from_the_saved_notebook(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, published: list[dict[str, Any]]
) -> None:
    """A new runtime or a moved notebook has no sidecar: the record saved in the .ipynb brings the answer back."""
    nb = tmp_path / "exercise.ipynb"
    rec = {"schema_version": 1, "question": "L2.Q3", "seq": 7, "value": ["p8.s1", "p11.s1"]}
    other = {"schema_version": 1, "question": "L2.Q4", "seq": 9, "value": ["p1.s1"]}
    _notebook_with_records(nb, {**rec, "seq": 3, "value": ["p8.s1"]}, rec, other)
    sidecars = tmp_path / "answers"
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert AnswerRecorder("L2.Q3", sidecars).restore() is None  # no front-end says where the notebook is
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))  # JupyterLab and Notebook 7 set it for the kernel
    recorder = AnswerRecorder("L2.Q3", sidecars)
    assert recorder.restore() == (["p8.s1", "p11.s1"], 7)
    recorder.update(["p8.s1", "p11.s1", "p12.s1"])
    # seq goes on from it; the sidecar is named by notebook and question
    assert json.loads((sidecars / "exercise" / "L2.Q3.json").read_text(encoding="utf-8"))["seq"] == 8
    # relative to the server's root: the kernel runs in the notebook's folder
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "course/week3/exercise.ipynb")
    assert AnswerRecorder("L2.Q3", tmp_path / "elsewhere").restore() == (["p8.s1", "p11.s1"], 7)


def test_sidecars_are_named_by_notebook_and_question(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, published: list[dict[str, Any]]
) -> None:
    """Two notebooks in one folder (a copy of an exercise) never share an answer through the sidecar."""
    answers = tmp_path / ".medialit" / "answers"
    for name, value in (("03-sourcing.ipynb", ["p8.s1"]), ("03-sourcing copy.ipynb", ["p9.s1"])):
        _notebook_with_records(tmp_path / name)
        monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / name))
        AnswerRecorder("L2.Q3", answers).update(value)
    assert sorted(p.relative_to(answers).as_posix() for p in answers.rglob("*.json")) == [
        "03-sourcing/L2.Q3.json",
        "03-sourcing_copy/L2.Q3.json",
    ]
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "03-sourcing.ipynb"))
    assert AnswerRecorder("L2.Q3", answers).restore() == (["p8.s1"], 1)


def test_an_empty_answer_of_record_offers_the_notebooks_saved_answer(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, published: list[dict[str, Any]]
) -> None:
    """The sidecar says empty (newer), the notebook holds an answer: restore keeps empty and offers the answer."""
    nb = tmp_path / "exercise.ipynb"
    _notebook_with_records(nb, {"schema_version": 1, "question": "L2.Q3", "seq": 4, "value": ["p8.s1"]})
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    first = AnswerRecorder("L2.Q3", tmp_path / "answers")
    assert first.restore() == (["p8.s1"], 4)  # no sidecar: the notebook's record, nothing to offer
    assert first.offer is None
    first.update([])  # the sidecar now says empty at seq 5
    again = AnswerRecorder("L2.Q3", tmp_path / "answers")
    assert again.restore() == ([], 5)
    assert again.offer is not None and again.offer["value"] == ["p8.s1"]
    # A newer record in the notebook wins over an older sidecar (no offer needed).
    _notebook_with_records(nb, {"schema_version": 1, "question": "L2.Q3", "seq": 9, "value": ["p9.s1"]})
    third = AnswerRecorder("L2.Q3", tmp_path / "answers")
    assert third.restore() == (["p9.s1"], 9)
    assert third.offer is None


def test_a_broken_saved_notebook_restores_nothing(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = tmp_path / "exercise.ipynb"
    nb.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    assert AnswerRecorder("L2.Q3", tmp_path / "answers").restore() is None
    _notebook_with_records(nb, {"schema_version": 1, "question": "L2.Q3", "seq": "1", "value": []})
    assert AnswerRecorder("L2.Q3", tmp_path / "answers").restore() is None


def test_a_saved_record_of_another_schema_version_is_refused_not_replaced(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """schema_version 99 used to be dropped silently, so the next click replaced the saved answer."""
    nb = tmp_path / "exercise.ipynb"
    _notebook_with_records(nb, {"schema_version": 99, "question": "L2.Q3", "seq": 1, "value": ["p1.s1"]})
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    rec = AnswerRecorder("L2.Q3", tmp_path / "answers")
    with pytest.raises(WidgetError, match=r"exercise\.ipynb.*schema_version 99.*reads only schema_version 1"):
        rec.restore()
    with pytest.raises(WidgetError, match="schema_version 99"):
        rec.update(["p2.s1"])
    assert not (tmp_path / "answers" / "L2.Q3.json").exists()
    # a record of another question is not this question's business
    _notebook_with_records(nb, {"schema_version": 99, "question": "L2.Q4", "seq": 1, "value": []})
    assert AnswerRecorder("L2.Q3", tmp_path / "answers").restore() is None


def test_a_sidecar_of_another_schema_version_is_refused_not_replaced(tmp_path: pathlib.Path) -> None:
    sidecar = tmp_path / "L2.Q3.json"
    content = json.dumps({"schema_version": 99, "question": "L2.Q3", "seq": 4, "value": ["p1.s1"]})
    sidecar.write_text(content, encoding="utf-8")
    rec = AnswerRecorder("L2.Q3", tmp_path)
    with pytest.raises(WidgetError) as info:
        rec.update(["p2.s1"])
    assert str(sidecar) in str(info.value)
    assert "schema_version 99" in str(info.value) and "schema_version 1" in str(info.value)
    assert sidecar.read_text(encoding="utf-8") == content


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        json.dumps({"schema_version": ANSWER_SCHEMA_VERSION, "question": "L9.Q9", "seq": 4, "value": []}).encode(),
        json.dumps({"schema_version": ANSWER_SCHEMA_VERSION, "question": "L2.Q3", "seq": "4", "value": []}).encode(),
    ],
    ids=["truncated", "binary", "not-a-record", "other-question", "bad-seq"],
)
def test_corrupt_sidecar_is_ignored_and_replaced(
    tmp_path: pathlib.Path, published: list[dict[str, Any]], content: bytes
) -> None:
    (tmp_path / "L2.Q3.json").write_bytes(content)
    rec = AnswerRecorder("L2.Q3", tmp_path)
    assert rec.restore() is None
    rec.update(["p1.s1"])
    assert AnswerRecorder("L2.Q3", tmp_path).restore() == (["p1.s1"], 1)


def test_recorder_bind_follows_the_widget(
    tmp_path: pathlib.Path, published: list[dict[str, Any]], mock_comm: list[MockComm]
) -> None:
    widget = ClaimSpotter.from_question(make_question(), mode="graded")
    rec = AnswerRecorder(widget.question, tmp_path)
    rec.start(widget.value)
    stop = rec.bind(widget)
    mock_comm[-1].from_frontend({"value": ["p1.s2"]})
    widget.value = ["p1.s2", "p2.s1"]
    widget.value = ["p2.s1", "p1.s2"]  # same value once normalised: no new record
    assert [c["data"][ANSWER_MIME]["value"] for c in published] == [[], ["p1.s2"], ["p1.s2", "p2.s1"]]
    stop()
    widget.value = []
    assert len(published) == 3
    restored = AnswerRecorder(widget.question, tmp_path).restore()
    assert restored == (["p1.s2", "p2.s1"], 2)
    again = ClaimSpotter.from_question(make_question(), mode="graded", value=restored[0])
    assert again.value == ["p1.s2", "p2.s1"]


@pytest.mark.parametrize("bad", ["", "../L1.Q1", "a/b", ".hidden"])
def test_recorder_refuses_unsafe_question_ids(bad: str, tmp_path: pathlib.Path) -> None:
    with pytest.raises(WidgetError):
        AnswerRecorder(bad, tmp_path)


def test_recorder_default_directory(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert AnswerRecorder("L1.Q1").path == tmp_path / ".medialit" / "answers" / "L1.Q1.json"


def test_show_offers_the_notebooks_answer_when_the_widget_would_start_empty(
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    published: list[dict[str, Any]],
    mock_comm: list[MockComm],
) -> None:
    """show(): the newer sidecar is empty, the notebook holds an answer: the widget offers it; restoring records it."""
    from medialit import runtime

    monkeypatch.setattr(runtime.session, "_session", None)  # this test's session ends with it
    exercises = pathlib.Path(__file__).resolve().parents[2] / "exercises"
    monkeypatch.chdir(tmp_path)
    nb = tmp_path / "03-sourcing.ipynb"
    runtime.use(str(exercises / "medialit-case.json"), case_id="mek")
    q = find_question(runtime.session.current().lessons, "L3.Q1")[1]
    saved = [q.items[0].id]
    _notebook_with_records(nb, {"schema_version": 1, "question": "L3.Q1", "seq": 2, "value": saved})
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    sidecar = tmp_path / ".medialit" / "answers" / "03-sourcing" / "L3.Q1.json"
    sidecar.parent.mkdir(parents=True)
    sidecar.write_text(json.dumps({"schema_version": 1, "question": "L3.Q1", "seq": 5, "value": []}))
    runtime.show("L3.Q1")
    widget = runtime.session.current().widgets["L3.Q1"]
    assert widget.value == []
    assert widget.restore_value == saved
    assert "holds a saved answer" in widget.restore_note and "saved change 2" in widget.restore_note
    # The front-end's Restore button sets the value and clears the note: a new record, seq 6.
    mock_comm[-1].from_frontend({"value": saved, "restore_note": ""})
    assert json.loads(sidecar.read_text())["value"] == saved
    assert json.loads(sidecar.read_text())["seq"] == 6
    # Without the saved answer in the notebook there is nothing to offer.
    _notebook_with_records(nb)
    runtime.show("L3.Q1")
    assert runtime.session.current().widgets["L3.Q1"].restore_note == ""


# -- SearchLab: the process record through the comm and the answer recorder ----------------------


def test_search_lab_record_survives_save_and_restore(
    tmp_path: pathlib.Path, published: list[dict[str, Any]], mock_comm: list[MockComm], case: Any
) -> None:
    from tests.unit.test_search_lab import FINDS, INDEPENDENT, SELF, replaying, search_lab_question

    from medialit.analysis.search import build_index
    from medialit.grading.score import score_answer
    from medialit.widgets import SearchLab

    q = search_lab_question(case)
    index = build_index(case.packet)
    widget = SearchLab.from_question(q, mode="graded", packet=index)
    assert widget.value == {} and widget.practice_key == {}
    assert widget.static_state()["packet"] is widget.packet and widget.packet["documents"]
    rec = AnswerRecorder(widget.question, tmp_path)
    rec.start(widget.value)
    rec.bind(widget)
    front = mock_comm[-1]
    step1 = {"queries": [FINDS[SELF]], "opened": [], "answer": None}
    step2 = {  # each opening names the search whose results it was opened from (the grader replays it)
        "queries": [FINDS[SELF], FINDS[INDEPENDENT]],
        "opened": [
            {"doc": SELF, "title": "The page", "seconds": 4, "query": 0},
            {"doc": INDEPENDENT, "title": "A report", "seconds": 21, "query": 1},
        ],
        "answer": "a",
    }
    front.from_frontend({"value": step1})
    front.from_frontend({"value": {"queries": "not a list", "opened": [], "answer": None}})  # refused, kept
    assert widget.value == step1
    front.from_frontend({"value": {**step1, "answer": "no-such-conclusion"}})  # refused, kept
    front.from_frontend({"value": step2})
    assert [c["data"][ANSWER_MIME]["value"] for c in published] == [{}, step1, step2]

    restored = AnswerRecorder(widget.question, tmp_path).restore()  # a new kernel
    assert restored == (step2, 2)
    again = SearchLab.from_question(q, mode="graded", packet=index, value=restored[0])
    assert again.value == step2
    result = score_answer(replaying(case, q), restored[0])
    assert (result.score, result.status) == (q.points, "correct")
    assert "“A report” (independent source)" in "\n".join(result.marks)


def test_search_lab_refuses_a_bad_packet_and_keeps_sources_out_of_graded_mode(case: Any) -> None:
    from tests.unit.test_search_lab import INDEPENDENT, search_lab_question

    from medialit.widgets import SearchLab

    q = search_lab_question(case)
    with pytest.raises(WidgetError, match="packet must be the student bundle's search index"):
        SearchLab.from_question(q, mode="graded", packet={"documents": []})
    practice = SearchLab.from_question(q, mode="practice", packet={"kind": "medialit-search-index", "documents": []})
    assert practice.practice_key["sources"]["independent"] == [INDEPENDENT]
    assert practice.practice_key["key"]["answer"] == "a"
    graded = SearchLab.from_question(q, mode="graded")
    assert INDEPENDENT not in json.dumps(graded.static_state())


def test_show_gives_the_search_lab_the_sessions_packet(case: Any) -> None:
    from types import SimpleNamespace

    from tests.unit.test_search_lab import search_lab_question

    from medialit.analysis.search import build_index
    from medialit.runtime.showing import _widget_class, _widget_extras
    from medialit.widgets import SearchLab

    q = search_lab_question(case)
    assert _widget_class(q) is SearchLab
    session = SimpleNamespace(view=SimpleNamespace(packet=None))  # a session whose case has no packet
    with pytest.raises(WidgetError, match="no source packet, so the search lab has nothing to search"):
        _widget_extras(q, session)
    session.view.packet = build_index(case.packet)
    assert _widget_extras(q, session) == {"packet": session.view.packet}
    assert _widget_extras(make_question(), session) == {}  # other widgets take nothing more
