"""Sentence segmentation edge cases that the drafting analyzer relies on (issue 6, item 2)."""

import pytest

from medialit.case.segment import segment, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. officials met on Monday. They agreed.", ["U.S. officials met on Monday.", "They agreed."]),
        ("He moved to the U.S. Then he left.", ["He moved to the U.S.", "Then he left."]),
        ("The U.S. Army said so. It left.", ["The U.S. Army said so.", "It left."]),
        ("Dr. Amara Okafor spoke. Prof. Reyes did too.", ["Dr. Amara Okafor spoke.", "Prof. Reyes did too."]),
        (
            "Work begins in Jan. 2026 in Portland, Ore., and ends in Sept. 2027.",
            ["Work begins in Jan. 2026 in Portland, Ore., and ends in Sept. 2027."],
        ),
        ("Smith Inc. grew. The firm hired 40 people.", ["Smith Inc. grew.", "The firm hired 40 people."]),
        ("It rose 3.5 percent. Prices fell.", ["It rose 3.5 percent.", "Prices fell."]),
        ("J. R. Smith agreed. Then he left.", ["J. R. Smith agreed.", "Then he left."]),
    ],
)
def test_abbreviations(text, expected):
    assert split_sentences(text) == expected


def test_quotation_spanning_sentences_splits_at_its_inner_boundary():
    text = "“We won. It was hard,” she said. Then she left."
    assert split_sentences(text) == ["“We won.", "It was hard,” she said.", "Then she left."]


def test_question_in_quotes_followed_by_its_speaker_stays_one_sentence():
    assert split_sentences("“Is it over?” Smith asked. “Yes!” He left.") == [
        "“Is it over?” Smith asked.",
        "“Yes!”",
        "He left.",
    ]


def test_list_items_are_sentences_and_wrapped_items_rejoin():
    text = "The plan has three parts:\n- a new bus line;\n- more bike\n  lanes;\n1. lower fares."
    assert split_sentences(text) == [
        "The plan has three parts:",
        "- a new bus line;",
        "- more bike lanes;",
        "1. lower fares.",
    ]


def test_headline_stays_one_sentence_even_with_full_stops():
    blocks = segment("Dr. Who returns. Fans cheer\n\nThe show is back. It airs Monday.")
    assert [s.text for s in blocks[0].sentences] == ["Dr. Who returns. Fans cheer"]
    assert [s.id for s in blocks[1].sentences] == ["p1.s1", "p1.s2"]


def test_mek_sentence_ids_are_unchanged(case):
    assert len(case.article.sentences) == 26
    assert case.article.sentence("p11.s1").text.endswith("confirming charges leveled by Iran’s leaders.”")
    assert case.article.sentence("p9.s3").text == "They were exiled first to Iraq and then to Albania."
