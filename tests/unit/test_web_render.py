"""What the templates are given: text segments for highlighting, snippets, safe links."""

from __future__ import annotations

from claimledger.web.render import evidence_segments, safe_href, snippet
from claimledger.web.security import (
    TOKEN_PUNCTUATION,
    host_names,
    is_loopback,
    local_location,
    token_problem,
)


def test_segments_cover_the_text_exactly_and_mark_each_claim() -> None:
    text = "Alpha said 10 were killed and 20 wounded. Beta said nothing."
    spans = [(0, 41, 7), (11, 25, 8), (30, 40, 9)]  # a sentence and two clauses inside it
    segs = evidence_segments(text, spans, focus=8)
    assert "".join(s.text for s in segs) == text
    covered = {s.text: s.claims for s in segs}
    assert covered["Alpha said "] == (7,)
    assert covered["10 were killed"] == (7, 8)
    assert covered[" Beta said nothing."] == ()
    assert [s.text for s in segs if s.focus] == ["10 were killed"]
    assert [s.starts for s in segs if s.starts] == [(7,), (8,), (9,)]
    # Reference marks at each claim's end, numbered by position.
    ends = [e for s in segs for e in s.ends]
    assert ends == [(8, 2), (9, 3), (7, 1)]


def test_segments_survive_bad_offsets() -> None:
    text = "short"
    segs = evidence_segments(text, [(-5, 3, 1), (2, 999, 2), (4, 4, 3), (9, 12, 4)])
    assert "".join(s.text for s in segs) == text
    assert {c for s in segs for c in s.claims} == {1, 2}
    assert evidence_segments("", [(0, 0, 1)])[0].text == ""


def test_snippets_mark_words_starting_with_the_terms() -> None:
    text = "x " * 200 + "Russian tanks were destroyed; tank losses rose." + " y" * 200
    pieces = snippet(text, ["tank"])
    assert [p for p, hit in pieces if hit] == ["tanks", "tank"]
    assert pieces[0] == ("… ", False) and pieces[-1] == (" …", False)
    assert snippet("nothing here", ["zzz"]) == [("nothing here", False)]
    assert snippet("a (b", ["("]) == [("a (b", False)]  # a term is text, not a pattern


def test_only_http_links_are_followed() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("http://example.org") == "http://example.org"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x",
                "vbscript:x", "//example.org", "/relative", "http://", "https:///x",
                "http://exa mple.org", "http://a\n.org", None, ""):  # fmt: skip
        assert safe_href(bad) is None, bad


def test_loopback_and_tokens() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.2", "example.org", ""):
        assert not is_loopback(host), host
    assert token_problem("x" * 16) is None
    assert token_problem("short") is not None
    assert token_problem("a" * 16 + " b") is not None


def test_the_token_redirect_stays_on_this_server() -> None:
    assert local_location("/timeline", [("token", "t"), ("metric", "a b")]) == (
        "/timeline?metric=a+b"
    )
    assert local_location("//evil.example/x", [("token", "t")]) == "/evil.example/x"
    assert local_location("/\\evil.example", []) == "/evil.example"


def test_a_token_is_what_a_cookie_and_a_header_carry_unchanged() -> None:
    # Non-ASCII (headers are read as latin-1), quotes, semicolons, commas, backslashes and
    # spaces would break the cookie or the header: refused, saying what is allowed.
    for bad in ("é", ";", '"', ",", "\\", " ", "\u202e", "\x7f"):
        problem = token_problem("abcdefghijklmnop" + bad)
        assert problem is not None and "ASCII letters, digits and the punctuation" in problem, bad
        assert TOKEN_PUNCTUATION in problem
    assert token_problem("Az09" + TOKEN_PUNCTUATION) is None
    assert not set(TOKEN_PUNCTUATION) & set('",;\\ ')


def test_the_token_redirect_drops_control_characters_then_leading_slashes() -> None:
    # Browsers drop tabs and newlines from URLs: "/\t/host" would be "//host", another site.
    assert local_location("/\t/127.0.0.3:18999/", [("token", "t")]) == "/127.0.0.3:18999/"
    assert local_location("/\n/x", [("token", "t")]) == "/x"
    assert local_location("/\r\n\\\x00/evil.example", []) == "/evil.example"
    assert local_location("/ //evil.example", []) == "/%20//evil.example"
    # Whatever the path holds, the header is ASCII (non-ASCII and specials percent-encoded).
    assert local_location("/documents/ü?#x", [("q", "é")]) == "/documents/%C3%BC%3F%23x?q=%C3%A9"
    assert local_location("/timeline", []) == "/timeline"


def test_host_names_of_a_bound_address() -> None:
    assert host_names("127.0.0.2") == ["127.0.0.2"]
    assert host_names("::1") == ["::1", "[::1]"]
    assert host_names("[::1]") == ["::1", "[::1]"]


def _window(pieces: list[tuple[str, bool]]) -> str:
    return "".join(p for p, _ in pieces).removeprefix("… ").removesuffix(" …")


def test_snippets_mark_every_form_of_a_term_and_cut_no_word() -> None:
    words = " ".join(f"word{i}" for i in range(80))
    text = (
        f"{words} Officials said 12 soldiers were killed, one of the kills claimed twice; "
        f"killing went on and the skilled crews kept count of each kill. {words}"
    )
    pieces = snippet(text, ["killed"])
    assert [p for p, hit in pieces if hit] == ["killed", "kills", "killing", "kill"]
    window = _window(pieces)
    at = text.index(window)
    assert at > 0 and text[at - 1] == " "  # begins at a word's start
    after = at + len(window)
    assert after < len(text) and text[after] == " "  # ends at a word's end
    assert pieces[0] == ("… ", False) and pieces[-1] == (" …", False)
    # Plural and singular forms of other words, both ways.
    assert [p for p, hit in snippet("One drone, then drones.", ["drones"]) if hit] == [
        "drone",
        "drones",
    ]
    assert [p for p, hit in snippet("The casualties: one casualty.", ["casualty"]) if hit] == [
        "casualties",
        "casualty",
    ]


def test_a_snippet_holds_its_match_wherever_it_is() -> None:
    long_word = "x" * 300
    text = "start " * 100 + long_word + " then the soldiers were captured"
    pieces = snippet(text, ["captured"])
    assert ("captured", True) in pieces  # at the very end of a text
    pieces = snippet("a " * 50 + "Bakhmut" + "y" * 400, ["bakhmut" + "y" * 400])
    assert any(hit for _, hit in pieces)  # a match longer than the window
    # No term in the text (the title matched): its start, ending on a whole word.
    only = snippet("alpha beta " * 40, ["title"])
    assert len(only) == 1 and not only[0][1]
    assert only[0][0].endswith("alpha …") or only[0][0].endswith("beta …")
