from medialit.case.segment import segment, split_sentences


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "He met Dr. Smith in Jan. 2020. Then U.S. officials left. J. Doe agreed."
    assert split_sentences(text) == [
        "He met Dr. Smith in Jan. 2020.",
        "Then U.S. officials left.",
        "J. Doe agreed.",
    ]


def test_quotes_close_a_sentence_and_open_the_next():
    text = "“It is over,” she said. “We won.” Then they left!"
    assert split_sentences(text) == ["“It is over,” she said.", "“We won.”", "Then they left!"]


def test_lowercase_after_full_stop_is_not_a_boundary():
    assert split_sentences("The U.S. officials said e.g. this. Next one.") == [
        "The U.S. officials said e.g. this.",
        "Next one.",
    ]


def test_headline_is_one_sentence_and_furniture_is_kept_apart():
    body = "Head. Line Two\n\nFirst para. Second sentence.\n\nRelated image\n\nLast one.\n\nLeave a Reply\n\nYour email"
    blocks = segment(body, [{"id": "f1", "text": "Related image"}, {"id": "f2", "text": "Leave a Reply\n\nYour email"}])
    assert [b.id for b in blocks] == ["p0", "p1", "f1", "p2", "f2"]
    assert [s.id for s in blocks[0].sentences] == ["p0.s1"]
    assert [s.text for s in blocks[1].sentences] == ["First para.", "Second sentence."]
    assert blocks[2].furniture and blocks[4].furniture
    assert blocks[4].text == "Leave a Reply\n\nYour email"


def test_embedded_article_ids_match_the_brief(case):
    art = case.article
    assert [p.id for p in art.paragraphs] == [f"p{i}" for i in range(19)]
    assert [f.id for f in art.furniture] == ["f1", "f2", "f3", "f4", "f5"]
    # FACTS.md: F1 follows P6, F2 follows P11.
    ids = [b.id for b in art.blocks]
    assert ids.index("f1") == ids.index("p6") + 1
    assert ids.index("f2") == ids.index("p11") + 1
    assert art.sentence("p9.s4").text == "Albania houses 3,000 MEK members."
    assert art.sentence("p11.s1").text.startswith("“Deadly attacks")
    assert "U.S. officials tell NBC News" in art.sentence("p11.s1").text
    assert art.sentence("p13.s2").text.startswith("Human rights abuses")
