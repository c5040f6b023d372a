"""Files, folders and zip archives; student ids from names, patterns or metadata; unsafe archives."""

import io
import json
import os
import stat
import zipfile

import pytest

from medialit.errors import GradingError
from medialit.grading.inputs import IdRule, iter_sources

from .conftest import to_bytes


def _zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            if isinstance(name, zipfile.ZipInfo):
                zf.writestr(name, data)
            else:
                zf.writestr(name, data)
    return path


def test_canvas_folder_per_student_and_plain_names(tmp_path):
    (tmp_path / "doejane_12345_67890_03-sourcing.ipynb").write_text("{}")
    (tmp_path / "smithbob_late_222_333_03-sourcing-1.ipynb").write_text("{}")
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "03-sourcing.ipynb").write_text("{}")
    (tmp_path / "carol.ipynb").write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "carol-checkpoint.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    ids = [s.student for s in iter_sources([tmp_path])]
    assert ids == ["alice", "carol", "12345", "222"]


def test_id_pattern_and_metadata(tmp_path):
    rule = IdRule.make(r"_(?P<id>s\d+)\.ipynb$", "medialit.student")
    (tmp_path / "hw_s042.ipynb").write_text("{}")
    (tmp_path / "other.ipynb").write_text("{}")
    srcs = list(iter_sources([tmp_path], rule))
    assert [(s.student, s.id_matched) for s in srcs] == [("s042", True), ("other", False)]
    nb = {"metadata": {"medialit": {"student": "jdoe@school.org"}}}
    assert rule.from_metadata(nb) == "jdoe@school.org"
    assert rule.from_metadata({"metadata": {}}) is None
    with pytest.raises(GradingError, match="not a valid regular expression"):
        IdRule.make("(unclosed")


def test_zip_members_are_read_in_memory(tmp_path, exercise):
    z = _zip(
        tmp_path / "canvas.zip",
        [
            ("doejane_1_2_03.ipynb", to_bytes(exercise)),
            ("readme.txt", b"x"),
            ("__MACOSX/._doejane_1_2_03.ipynb", b"junk"),
        ],
    )
    srcs = list(iter_sources([z]))
    assert [(s.student, s.member, s.error) for s in srcs] == [("1", "doejane_1_2_03.ipynb", "")]
    assert json.loads(srcs[0].read()) == exercise
    assert srcs[0].label.endswith("canvas.zip!doejane_1_2_03.ipynb")


def test_unsafe_zip_members_are_rejected_one_row_each(tmp_path, exercise):
    link = zipfile.ZipInfo("link.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    members = [
        ("../../etc/evil.ipynb", b"{}"),
        ("/abs/evil.ipynb", b"{}"),
        ("..\\win\\evil.ipynb", b"{}"),
        ("C:/evil.ipynb", b"{}"),
        (link, b"/etc/passwd"),
        ("bomb.ipynb", b"0" * (3 * 2**20)),
        ("good.ipynb", to_bytes(exercise)),
        ("../escape.sh", b"rm -rf /"),
    ]
    z = _zip(tmp_path / "bad.zip", members)
    srcs = {s.member: s for s in iter_sources([z])}
    assert "unsafe path" in srcs["../../etc/evil.ipynb"].error
    assert "absolute path" in srcs["/abs/evil.ipynb"].error
    assert "'..'" in srcs["..\\win\\evil.ipynb"].error
    assert "absolute path" in srcs["C:/evil.ipynb"].error
    assert "symbolic link" in srcs["link.ipynb"].error
    assert "zip bomb" in srcs["bomb.ipynb"].error
    assert "unsafe path" in srcs["../escape.sh"].error
    assert srcs["good.ipynb"].error == ""
    for s in srcs.values():
        if s.error:
            with pytest.raises(GradingError):
                s.read()
    assert not (tmp_path.parent / "etc").exists()
    assert not (tmp_path / "escape.sh").exists()


def test_lying_sizes_and_broken_archives(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    (src,) = iter_sources([bad])
    assert "not a readable zip archive" in src.error
    z = _zip(tmp_path / "big.zip", [("a.ipynb", b"{" + b" " * 100 + b"}")])
    data = bytearray(z.read_bytes())
    # Declare a tiny size in both headers; reading is capped anyway and CRC/size errors become a message.
    idx = data.rfind(b"PK\x01\x02")
    data[idx + 24 : idx + 28] = (5).to_bytes(4, "little")
    z.write_bytes(bytes(data))
    (src,) = iter_sources([z])
    with pytest.raises(GradingError):
        src.read()


def test_symlinks_in_folders_are_not_followed(tmp_path):
    target = tmp_path / "secret.txt"
    target.write_text("secret")
    (tmp_path / "subs").mkdir()
    os.symlink(target, tmp_path / "subs" / "sneaky.ipynb")
    (src,) = iter_sources([tmp_path / "subs"])
    assert "symbolic link" in src.error


def test_non_utf8_file_names_are_shown_readably(tmp_path, exercise):
    raw = os.fsencode(tmp_path) + b"/caf\xe9-\xff.ipynb"
    with open(raw, "wb") as fh:
        fh.write(to_bytes(exercise))
    (src,) = iter_sources([tmp_path])
    assert "\ufffd" in src.label
    assert "\ufffd" in src.student
    src.label.encode("utf-8")
    assert json.loads(src.read())["nbformat"] == 4


def test_zip_with_encrypted_member_flag(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("s.ipynb", b"{}")
    data = bytearray(buf.getvalue())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        data[i + off] |= 0x1
    (tmp_path / "enc.zip").write_bytes(bytes(data))
    (src,) = iter_sources([tmp_path / "enc.zip"])
    assert "encrypted" in src.error


@pytest.mark.parametrize(
    ("parts", "usable", "expected"),
    [
        # Moodle: the first _digits_ after the name is Moodle's (it writes names without "_"); later ones are typed
        (("Full Name_111_assignsubmission_file_hw_222_assignsubmission_file_x.ipynb",), None, ("111", False)),
        (("Full Name_111_assignsubmission_file", "x_222_5_hw.ipynb"), None, ("111", False)),
        (("Full Name_111_assignsubmission_file_", "hw.ipynb"), None, ("111", False)),
        (("Full Name_111_assignsubmission_onlinetext_onlinetext.html.ipynb",), None, ("111", False)),
        # Canvas: name_[LATE_]userid_submissionid_file, first match only
        (("doejane_LATE_111_222_03_333_444_x.ipynb",), None, ("111", True)),
        (("aaron_111_555_hw.zip", "222", "hw.ipynb"), 1, ("111", False)),
        (("late_111_555_x.ipynb",), None, ("111", False)),
        # Gradescope's export: submission_<id> folders
        (("assignment_9_export", "submission_77", "hw.ipynb"), None, ("77", False)),
        # no LMS name: the first level below the folder; never a member of a student's zip
        (("carol.zip", "bob", "03.ipynb"), 1, ("carol", False)),
        (("alice", "hw.zip", "x_9_8_y.ipynb"), 2, ("alice", False)),
        (("bob", "03.ipynb"), None, ("bob", False)),
        (("carol.ipynb",), None, ("carol", False)),
    ],
)
def test_ids_come_from_the_outermost_name_an_lms_wrote(parts, usable, expected):
    named = IdRule().name(parts, usable)
    assert (named.student, named.late) == expected


def test_archives_in_folders_are_one_students_and_zipped_folders_are_unwrapped(tmp_path, exercise):
    nb = to_bytes(exercise)
    subs = tmp_path / "subs"
    subs.mkdir()
    _zip(subs / "alice.zip", [("bob/03.ipynb", nb), ("03.ipynb", nb)])
    _zip(subs / "aaron_111_555_hw.zip", [("222/hw.ipynb", nb)])
    assert [(s.student, s.member) for s in iter_sources([subs])] == [
        ("111", "222/hw.ipynb"),
        ("alice", "03.ipynb"),
        ("alice", "bob/03.ipynb"),
    ]
    # A teacher's zip of one folder: ids from the level below it.
    whole = _zip(tmp_path / "subs.zip", [("subs/", b""), ("subs/ann/03.ipynb", nb), ("subs/cy.ipynb", nb)])
    assert [s.student for s in iter_sources([whole])] == ["ann", "cy"]
    # Canvas names given one by one (canvas/* in a shell): the zip's LMS name is the id, not its members.
    assert [s.student for s in iter_sources([subs / "aaron_111_555_hw.zip"])] == ["111"]
    moodle = tmp_path / "Ann Lee_5_assignsubmission_file"
    moodle.mkdir()
    (moodle / "x_9_8_y.ipynb").write_bytes(nb)
    assert [s.student for s in iter_sources([moodle])] == ["5"]


def test_canvas_names_with_an_underscore_and_typed_lookalikes():
    rule = IdRule()
    assert rule.name(("o_brien_111_555_hw_222_9_x.ipynb",)).student == "111"
    assert rule.name(("doejane_LATE_111_222_03.ipynb",)).late
    assert not rule.name(("doejane_111_222_late_3_4.ipynb",)).late
    # Moodle's name is matched first: a Canvas-like "_5_6_" the student typed after it names no one
    assert rule.name(("Full Name_111_assignsubmission_file_5_6_x.ipynb",)).student == "111"
    assert rule.name(("Full Name_111_assignsubmission_file", "5_6_x.ipynb")).student == "111"
