"""Figures: digits and number words with their qualifiers, ranges and daily increments.

"more than 1,100" → low 1100, qualifier more_than; "between 20,000 and 30,000" → a range;
"16-17.5 thousand" → 16000–17500; "about a dozen" → 12, approx; "3,765 (+4)" → a total and its
increment. Numbers that are dates, times, ages, percentages, money, calibres or model names
("F-16", "Leopard 2") were masked by the time stage or are skipped here.
"""

from __future__ import annotations

import math
import re
from operator import attrgetter

from claimledger.extraction.segment import Sentence
from claimledger.extraction.state import Candidate, Parse
from claimledger.extraction.tokens import Token
from claimledger.lexicon import Lexicon

_DIGIT = re.compile(r"\d")  # what a "num" token needs (tokens.py reads digits as \d does)
_NORM = attrgetter("norm")  # map(_NORM, tokens): a window's norms without a Python-level loop
# A day and month written with a dot, "24.02", "01.06": a date in "from 24.02 to 01.06".
_DOT_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])")
# A clock time written with a dot, "10.30", "9.05".
_DOT_CLOCK = re.compile(r"(?:[01]?\d|2[0-4])\.[0-5]\d")


class _Words:
    """Number words and qualifier phrases of the grammar lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.units: dict[str, int] = lex.numbers.units
        self.scales: dict[str, int] = lex.numbers.scales
        self.dozen = set(lex.numbers.dozen)
        self.indefinite = set(lex.numbers.indefinite)
        self.vague = set(lex.numbers.vague)
        self.date_prepositions = lex.numbers.date_prepositions
        self.spelled_scales = lex.numbers.spelled_scales
        self.articles = lex.numbers.articles
        # Marks compared as written: "No 5" is a number's name, "no one" is nobody.
        self.number_signs = frozenset(lex.numbers.number_signs.written)
        self.ratio_nouns = lex.numbers.ratio_nouns
        self.range_openers = lex.numbers.range_openers
        self.range_joins = lex.numbers.range_joins
        self.label_marks = lex.numbers.label_marks
        self.designators = lex.numbers.designators
        self.clock_before = lex.numbers.clock_before
        self.clock_after = lex.numbers.clock_after
        self.dashes = lex.numbers.dashes
        self.fractions: dict[str, float] = lex.numbers.fractions
        self.max_count = float(lex.numbers.max_count)
        self.measure = lex.numbers.measure_words
        self.people = lex.indexes["people"]
        self.hedges = lex.qualifiers.hedges
        self.after_at_least = lex.qualifiers.after_at_least
        self.ratio = lex.clauses.ratio_words
        self.money = lex.clauses.money_words
        self.calibre = lex.clauses.calibre_words
        self.qualifier = lex.indexes["qualifier"]
        self.qualifier_first = self.qualifier.first_words
        self.models = lex.indexes["equipment"]
        self.equipment_first = self.models.first_words
        self.units_ix = lex.indexes["distance_unit"]
        # Words a figure can start with: number words and "a"/"an"/"one".
        self.starts = frozenset(self.units) | frozenset(self.indefinite)
        # Norms at which the figure scan stops: a figure's start, or the "+" of an increment.
        self.stops = self.starts | lex.numbers.change_marks


def _word_value(tokens: list[Token], i: int, w: _Words) -> tuple[float, int] | None:
    """Parse number words from tokens[i]: ("two hundred", "twenty-five", "one million")."""
    total = current = 0.0
    j = i
    seen = False
    while j < len(tokens):
        parts = tokens[j].norm.split("-")
        if all(p in w.units for p in parts) and (len(parts) == 1 or len(parts) == 2):
            current += sum(w.units[p] for p in parts)
        elif tokens[j].norm in ("hundred",) and seen:
            current *= 100
        elif tokens[j].norm in w.spelled_scales and seen:  # "hundred" was read just above
            total += current * w.scales[tokens[j].norm]
            current = 0
        elif (
            tokens[j].norm == "and"
            and seen
            and j + 1 < len(tokens)
            and tokens[j + 1].norm in w.units
        ):
            pass  # "two hundred and fifty"
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def _fraction_before(tokens: list[Token], i: int, w: _Words) -> tuple[float, int] | None:
    """A fraction before "a dozen"/"a million" at tokens[i]: "half a" or "(a) quarter of a" →
    (share, index where the figure starts)."""
    if i >= 1 and tokens[i - 1].norm in w.fractions:
        k = i - 1
    elif i >= 2 and tokens[i - 1].norm == "of" and tokens[i - 2].norm in w.fractions:
        k = i - 2
    else:
        return None
    share = float(w.fractions[tokens[k].norm])
    if k >= 1 and tokens[k - 1].norm in w.articles:
        k -= 1
    return share, k


def _person_follows(tokens: list[Token], i: int, w: _Words) -> bool:
    """ "a woman", "an 18-year-old conscript", "a Palestinian teenager": a noun for a person
    within three words of "a", with no "of" before it ("a number of people" is not one)."""
    for k in range(i + 1, min(len(tokens), i + 4)):
        if tokens[k].norm == "of" or tokens[k].kind != "word":
            return False
        m = w.people.match(tokens, k)
        if m and (k + m[0] == len(tokens) or tokens[k + m[0]].norm != "of"):
            return True
    return False


def _scale(tokens: list[Token], j: int, w: _Words) -> tuple[float, int]:
    """A scale word after a number ("1.5 million"): (multiplier, index after it)."""
    if j < len(tokens) and tokens[j].norm in w.spelled_scales:
        return float(w.scales[tokens[j].norm]), j + 1
    return 1.0, j


def _grouped(tokens: list[Token], i: int) -> tuple[float, int]:
    """A number and the groups of three digits after it that a single space sets off, as
    European style writes thousands ("20 000", "1 500 000"): (value, index after it)."""
    t = tokens[i]
    v = t.number()
    j = i + 1
    if t.text.isdigit() and len(t.text) <= 3 and t.text[0] != "0":
        while (
            j < len(tokens)
            and tokens[j].kind == "num"
            and len(tokens[j].text) == 3
            and tokens[j].text.isdigit()
            and tokens[j].start == tokens[j - 1].end + 1
        ):
            v = v * 1000 + int(tokens[j].text)
            j += 1
    return v, j


def _value_at(tokens: list[Token], i: int, w: _Words) -> tuple[float, int, bool] | None:
    """(value, index after it, is-indefinite) of a figure starting at tokens[i]."""
    t = tokens[i]
    if t.kind == "num":
        v, j = _grouped(tokens, i)
        mult, j = _scale(tokens, j, w)
        v = v * mult
        if not math.isfinite(v):  # a run of hundreds of digits counts nothing
            return None
        return v, j, False
    if t.norm in w.indefinite and i + 1 < len(tokens):
        nxt = tokens[i + 1].norm
        if nxt in w.dozen:
            return 12.0, i + 2, False
        if nxt in w.spelled_scales:
            return float(w.scales[nxt]), i + 2, False
        # "a Leopard tank": one, if a lost piece of equipment follows (decided by the metric
        # stage); never the "a" of "a total of" or "a few". An age may stand between "a" and
        # the person ("a 34-year-old man was shot dead": one man; the age counts nothing).
        nt = tokens[i + 1]
        # "killing a woman", "an insurgent was killed": one, if a person follows (the metric
        # stage keeps it only with a casualty word).
        if (
            t.norm not in w.units  # "a", "an", "single"; not "one"
            and (
                not w.equipment_first.keys().isdisjoint(map(_NORM, tokens[i + 1 : i + 7]))
                or _person_follows(tokens, i, w)
            )
            and w.qualifier.match(tokens, i) is None
            and nt.kind == "word"
            and nt.norm not in w.vague
            and nt.norm not in w.units
            and (not nt.norm[:1].isdigit() or nt.norm.endswith("-old"))
        ):
            return 1.0, i + 1, True
    if t.norm.split("-", 1)[0] not in w.units:
        return None
    wv = _word_value(tokens, i, w)
    if wv:
        v, j = wv
        if j < len(tokens) and tokens[j].norm in w.dozen:
            return v * 12, j + 1, False
        return v, j, False
    return None


def _qualifier_before(tokens: list[Token], i: int, w: _Words) -> tuple[str | None, int]:
    """The qualifier phrase ending just before tokens[i] (hedges skipped): (qualifier, start)."""
    j = i
    while j > 0 and tokens[j - 1].norm in w.hedges:
        j -= 1
    best: tuple[str | None, int] = (None, i)
    first = w.qualifier_first
    if first.keys().isdisjoint(map(_NORM, tokens[max(0, j - 5) : j])):
        return best  # most figures: no qualifier word in reach
    for start in range(max(0, j - 5), j):
        if tokens[start].norm not in first:
            continue
        m = w.qualifier.match(tokens, start, j)
        if m and start + m[0] == j:
            best = (m[1], start)
            break  # earliest start = longest phrase
    return best


def _skip_number(
    tokens: list[Token], i: int, j: int, w: _Words, ratio: bool, masked: set[int]
) -> bool:
    """Numbers that are never counts: percentages, ratios, money, calibres, model names.

    `ratio`: whether the sentence holds a ratio noun at all ("ratio", "proportion")."""
    nxt = tokens[j].norm if j < len(tokens) else ""
    nxt2 = " ".join(map(_NORM, tokens[j : j + 2]))
    prev = tokens[i - 1] if i > 0 else None
    if nxt in w.ratio or nxt2 in w.ratio or nxt in w.money or nxt in w.calibre:
        return True
    if prev is not None and (prev.norm in w.money or prev.text in w.number_signs):
        return True
    if prev is not None and prev.norm in w.measure:
        return True  # "magnitude 6", "a quake measuring six"
    if _age_after_name(tokens, i, j):
        return True
    if tokens[i].kind == "num" and _not_a_quantity(tokens, i, j, w, masked):
        return True
    if prev is not None and prev.norm == "no" and tokens[i].norm == "one":
        return True  # "no one was hurt": nobody, zero
    if _DOT_DATE.fullmatch(tokens[i].text) and _dot_date_at(tokens, i, w):
        return True  # "from 24.02 to 01.06"
    # "one of the highest daily figures": a pronoun, not a count
    if tokens[i].norm == "one" and nxt == "of":
        return True
    # "the ratio of dead to wounded, roughly one to four"
    if ratio and not w.ratio_nouns.isdisjoint(map(_NORM, tokens[max(0, i - 12) : i])):
        return True
    # "Leopard 2", "Challenger 2": a model name followed by its mark number.
    if prev is not None and tokens[i].kind == "num" and prev.is_cap and i >= 1:
        m = w.models.match(tokens, i - 1, i + 1)
        if m and m[0] == 2:
            return True
    # "10 km (6 miles)": a conversion in brackets repeats the figure before it.
    return bool(
        prev is not None and prev.text == "(" and i >= 2 and w.units_ix.match(tokens, i - 2)
    )


def _not_a_quantity(tokens: list[Token], i: int, j: int, w: _Words, masked: set[int]) -> bool:
    """Digits that name or locate rather than count: a footnote marker "[2]", a phone number
    ("0800 123 456": a leading zero, or digit groups in a row), a designator ("route 17",
    "Flight 752"), a clock time with a dot ("at 10.30", "10.45 am")."""
    t = tokens[i]
    prev = tokens[i - 1] if i > 0 else None
    nxt = tokens[j] if j < len(tokens) else None
    if prev is not None and prev.text == "[" and nxt is not None and nxt.text == "]":
        return True
    if len(t.text) > 1 and t.text[0] == "0" and t.text[1].isdigit():
        return True
    if (
        nxt is not None
        and nxt.text == ","
        and j + 1 < len(tokens)
        and tokens[j + 1].kind == "num"
        and nxt.start == tokens[j - 1].end
        and tokens[j + 1].start == nxt.end
    ):
        return True  # "4,000,00": a figure mistyped, no count one can read
    if (nxt is not None and nxt.kind == "num" and nxt.start - tokens[j - 1].end <= 1) or (
        prev is not None and prev.kind == "num" and t.start - prev.end <= 1 and i - 1 not in masked
    ):
        return True
    if prev is not None and prev.norm in w.designators:
        return True
    return bool(
        _DOT_CLOCK.fullmatch(t.text)
        and (
            (prev is not None and prev.norm in w.clock_before)
            or (nxt is not None and nxt.norm in w.clock_after)
        )
    )


def _age_after_name(tokens: list[Token], i: int, j: int) -> bool:
    """ "Olena Kovalenko, 37, and her son", "Ziad (13)": an age set off after a name — a
    capitalised word, then the number between commas or in brackets."""
    t = tokens[i]
    if t.kind != "num" or not t.text.isdigit() or not 0 < int(t.text) <= 110 or i < 2:
        return False
    before, name = tokens[i - 1], tokens[i - 2]
    if name.kind != "word" or not name.is_cap or before.text not in (",", "("):
        return False
    after = tokens[j].text if j < len(tokens) else "."
    return after == ")" if before.text == "(" else len(after) == 1 and after in ",.;"


def _dot_date_at(tokens: list[Token], i: int, w: _Words) -> bool:
    """Whether "24.02" at tokens[i] is a day: after "from", "to", "on" …, or before "to 01.06"
    (a count is a whole number; "3.5 km" has a unit, and a date needs no unit)."""
    if i > 0 and tokens[i - 1].norm in w.date_prepositions:
        return True
    return (
        i + 2 < len(tokens)
        and (tokens[i + 1].norm == "to" or tokens[i + 1].text in w.dashes)
        and bool(_DOT_DATE.fullmatch(tokens[i + 2].text))
    )


def find_numbers(parse: Parse) -> None:
    w = parse.lex.tables(_Words)
    # The qualifier that ends a tally's heading ("… were approximately:") holds for each line.
    heading: str | None = None
    for sent in parse.sentences:
        if sent.is_list_item:
            _unmask_tally_figure(parse, sent, w)
            first = len(parse.candidates)
            _find_in_sentence(parse, sent, w)
            if heading is not None:
                _qualify_line(parse.candidates[first:], heading)
        else:
            _find_in_sentence(parse, sent, w)
            heading = _heading_qualifier(sent, w)


def _heading_qualifier(sent: Sentence, w: _Words) -> str | None:
    """The qualifier a sentence ends on before a colon: "… were approximately:" → approx."""
    toks = sent.tokens
    n = len(toks)
    if n < 2 or toks[-1].text != ":" or w.qualifier_first.keys().isdisjoint(sent.words):
        return None
    for start in range(max(0, n - 5), n - 1):
        m = w.qualifier.match(toks, start, n - 1)
        if m and start + m[0] == n - 1:
            return str(m[1])
    return None


def _qualify_line(cands: list[Candidate], qualifier: str) -> None:
    """A tally line's running total takes its heading's qualifier (not its daily change: "(+3)"
    is what the count rose by, and the heading qualifies the totals)."""
    for c in cands:
        if c.increment_of is not None or c.qualifier != "exact" or c.low is None:
            continue
        c.qualifier = qualifier
        if qualifier in ("more_than", "at_least"):
            c.high = None
        elif qualifier in ("at_most", "less_than"):
            c.low = None


def _unmask_tally_figure(parse: Parse, sent: Sentence, w: _Words) -> None:
    """ "APV ‒ 1946 од": the figure right after a tally line's label is a count even where it
    reads as a year; the time stage's bare year there is undone."""
    toks = sent.tokens
    mark = next((k for k, t in enumerate(toks[:12]) if t.text in w.label_marks), None)
    if mark is None:
        return
    k = next((x for x in range(mark + 1, min(len(toks), mark + 5)) if toks[x].kind == "num"), None)
    if k is None or k not in sent.masked or not (len(toks[k].text) == 4 and toks[k].text.isdigit()):
        return
    times = parse.times.get(sent.index, [])
    year = [t for t in times if t.i0 == k and t.i1 == k + 1]
    if year or not any(t.i0 <= k < t.i1 for t in times):
        parse.times[sent.index] = [t for t in times if not (t.i0 == k and t.i1 == k + 1)]
        sent.masked.discard(k)


def _find_in_sentence(parse: Parse, sent: Sentence, w: _Words) -> None:
    tokens = sent.tokens
    # The scan below passes over every other token without a look (it is never masked, vague,
    # a figure or an increment's "+"), so it visits only these: most sentences have a handful.
    stops = w.stops
    units = w.units
    if sent.words.isdisjoint(stops) and "-" not in sent.text and not _DIGIT.search(sent.text):
        return  # no number token, no figure word, no "5-km": nothing to visit (most prose)
    if "-" in sent.text:
        visit = [
            k
            for k, t in enumerate(tokens)
            if t.kind == "num"
            or t.norm in stops
            or ("-" in t.norm and t.norm.split("-", 1)[0] in units)
        ]
    else:  # then no norm holds a dash ("twenty-five"): two tests a token
        visit = [k for k, t in enumerate(tokens) if t.kind == "num" or t.norm in stops]
    if not visit:
        return
    n = len(tokens)
    i = 0
    last: Candidate | None = None
    # Whether a ratio noun is anywhere in the sentence (words holds every norm): else
    # _skip_number need not look for one before each figure.
    ratio = not w.ratio_nouns.isdisjoint(sent.words)
    for k in visit:
        if k < i:  # inside a figure already read
            continue
        i = k
        t = tokens[i]
        if i in sent.masked or t.norm in w.vague:
            i += 1
            continue
        # "(+620)", "(plus nine)": the change since the previous report, attached to the total
        # before it; a change of zero, "(+0)", is no claim.
        if (
            (t.text == "+" or (t.norm == "plus" and i > 0 and tokens[i - 1].text == "("))
            and i + 1 < n
            and last is not None
        ):
            got = _value_at(tokens, i + 1, w) if (i + 1) not in sent.masked else None
            if got is not None and not got[2]:
                v, j, _ = got
                inc = Candidate(sent, i, j, v, v, "exact", i + 1, increment_of=last)
                if v == 0:
                    inc.drop("a change of zero is no claim")
                parse.candidates.append(inc)
                i = j
                continue
        if t.kind != "num" and t.norm not in w.starts and t.norm.split("-", 1)[0] not in w.units:
            i += 1
            continue
        got = _value_at(tokens, i, w)
        if got is None:
            i += 1
            continue
        value, j, weak = got
        if _skip_number(tokens, i, j, w, ratio, sent.masked) or value > w.max_count:
            i = j  # a measure, a date … or beyond any plausible count
            continue
        qualifier = "exact"
        if tokens[j - 1].norm in w.dozen and t.norm not in w.indefinite:
            qualifier = "approx"  # "three dozen": a round reckoning, about 36
        fraction = _fraction_before(tokens, i, w) if t.norm in w.indefinite else None
        if fraction is not None:
            # "half a dozen" (about six), "a quarter of a million"
            share, i = fraction
            if tokens[j - 1].norm in w.dozen:
                qualifier = "approx"
            value = value * share
        qual, q0 = _qualifier_before(tokens, i, w)
        low: float | None = value
        high: float | None = value
        # Ranges: "between A and B", "A-B", "A to B", "A or B", "16-17.5 thousand".
        between = q0 == i and i > 0 and tokens[i - 1].norm in w.range_openers
        if between:
            q0 = i - 1
            qual, q00 = _qualifier_before(tokens, q0, w)
            q0 = q00
        k = j
        by = i > 0 and tokens[i - 1].norm == "by" and qual is None
        if by and k < n and tokens[k].norm == "to":
            # "rose by 12 to 340", "dropped by one to 17,427": the change, then the new count
            i = j
            continue
        if k < n and (tokens[k].text in w.dashes or tokens[k].norm in w.range_joins):
            if (tokens[k].norm == "and" and not between) or (
                tokens[k].norm in w.range_joins and tokens[k].norm != "and" and weak
            ):
                k = -1
            if k > 0 and k + 1 < n and (k + 1) not in sent.masked:
                second = _value_at(tokens, k + 1, w)
                if second and not second[2] and second[0] > 0:
                    v2, j2, _ = second
                    # "16-17.5 thousand", "two to three thousand": the scale after the second
                    # figure applies to both when the first has none of its own.
                    scale_word = tokens[j2 - 1].norm
                    scales = w.spelled_scales
                    if scale_word in scales and tokens[j - 1].norm not in scales:
                        unscaled = v2 / w.scales[scale_word]
                        if value < unscaled:
                            low = value * w.scales[scale_word]
                    if v2 > (low or 0):
                        high, j, qualifier = v2, j2, "range"
        if qualifier == "range" and _skip_number(tokens, i, j, w, ratio, sent.masked):
            i = j  # "(50-60%)": a range of shares, read whole
            continue
        if qualifier != "range" and qual:
            qualifier = qual
        if qualifier in ("more_than", "at_least"):
            high = None
        elif qualifier in ("at_most", "less_than"):
            low = None
        # "500 or more", "500-plus"
        after = " ".join(map(_NORM, tokens[j : j + 2]))
        if qualifier == "exact" and (
            after in w.after_at_least or (j < n and tokens[j].norm == "plus")
        ):
            qualifier, high = "at_least", None
            j += 2 if after in w.after_at_least else 1
        elif (
            qualifier == "exact"
            and j < n
            and tokens[j].text == "+"
            and tokens[j].start == tokens[j - 1].end
            and (j + 1 == n or tokens[j + 1].kind != "num")
        ):
            qualifier, high = "more_than", None  # "35+ dead"
            j += 1
        if weak and qualifier != "exact":
            i = j
            continue
        # "29 of the 35 drones": the second number is the whole, not a claim.
        if j + 2 < n and tokens[j].norm == "of" and tokens[j + 1].norm == "the":
            if tokens[j + 2].kind == "num":
                sent.masked.add(j + 2)
        cand = Candidate(sent, q0, j, low, high, qualifier, i, weak=weak)
        parse.candidates.append(cand)
        last = cand
        i = j
