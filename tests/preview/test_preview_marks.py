"""Marks in a rendered page: the element holding one is flagged and linked to its problem, the
word in <mark>; a mark anywhere else (the title, an attribute, a word split by markup) leaves
no trace."""

from __future__ import annotations

from packgen.preview.marks import PIECE, PIECE_END, WORD, WORD_END, flag


def n(number: int) -> str:
    return f"{PIECE}{number}{PIECE_END}"


def test_the_element_holding_a_mark_is_flagged_and_its_word_marked() -> None:
    html = (
        f"<!DOCTYPE html><html><head><title>{n(1)}Title</title></head><body><main>"
        f"<ul><li>{n(1)}Two teachers in {WORD}2023/24{WORD_END} and <strong>more</strong></li></ul>"
        f"<p>Plain</p></main></body></html>"
    ).encode()
    page, anchors = flag(html)
    text = page.decode()
    assert anchors == {1: "pg-at-1"}
    assert "<title>Title</title>" in text
    assert (
        '<li class="pg-flagged" id="pg-at-1"><a class="pg-badge" href="#pg-problem-1">Problem 1</a> '
        'Two teachers in <mark class="pg-word">2023/24</mark> and <strong>more</strong></li>'
    ) in text
    assert "<p>Plain</p>" in text


def test_a_mark_inside_inline_markup_flags_the_block_around_it() -> None:
    html = f"<html><body><main><p>Build <strong>{n(2)}fluency</strong> daily</p></main></body></html>".encode()
    page, anchors = flag(html)
    assert anchors == {2: "pg-at-2"}
    assert (
        '<p class="pg-flagged" id="pg-at-2"><a class="pg-badge" href="#pg-problem-2">Problem 2</a>'
        " Build <strong>fluency</strong> daily</p>" in page.decode()
    )


def test_an_element_with_an_id_keeps_it_and_two_problems_get_two_badges() -> None:
    html = f'<html><body><main><h2 id="about">{n(1)}{n(3)}About</h2></main></body></html>'.encode()
    page, anchors = flag(html)
    assert anchors == {1: "about", 3: "about"}
    assert (
        '<h2 id="about" class="pg-flagged"><a class="pg-badge" href="#pg-problem-1">Problem 1</a> '
        '<a class="pg-badge" href="#pg-problem-3">Problem 3</a> About</h2>'
    ) in page.decode()


def test_marks_in_attributes_and_split_words_leave_no_trace() -> None:
    html = (
        f'<html><body><main><img alt="{n(1)}A logo" src="x.png">'
        f"<p>{WORD}half <em>word{WORD_END}</em></p></main></body></html>"
    ).encode()
    page, anchors = flag(html)
    text = page.decode()
    assert anchors == {}
    assert '<img alt="A logo" src="x.png">' in text and "<p>half <em>word</em></p>" in text
    assert not any(ch in text for ch in (PIECE, PIECE_END, WORD, WORD_END))


def test_a_page_without_marks_is_left_byte_for_byte() -> None:
    html = b"<!DOCTYPE html>\n<html><body><p>Nothing</p></body></html>\n"
    assert flag(html) == (html, {})
