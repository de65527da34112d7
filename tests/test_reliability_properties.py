"""Property-based tests (hypothesis): the search-side normaliser on any text, and
`Answerer.ask` on hostile input (FTS5 syntax, SQL fragments, NUL, very long text)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.normalize import char_grams, fold, fold_ocr, is_stopword, stems, words

TOKEN = re.compile(r"[0-9a-z]+")

# Any unicode text (hypothesis leaves out surrogates), with NUL, control characters,
# Swedish and OCR-damaged letters made likely, and sometimes repeated to be very long.
SPECIAL = st.sampled_from(
    ["\x00", "\t", "\n", "\r\n", "\u00a0", "\u200b", "\ufeff", "å", "ä", "ö", "Å", "Ä", "Ö", "é", "6", "0", "&", "_", "-",
     "İ", "ß", "ﬁ", "Ⅻ", "\u0301", "S6dra", "Sédra", "&r", "e-post", "🙂"]
)
PIECE = st.one_of(st.text(max_size=40), SPECIAL)
TEXT = st.builds(lambda parts, times: "".join(parts) * times, st.lists(PIECE, max_size=12), st.sampled_from([1, 1, 1, 2, 50, 2000]))
# Compatibility characters whose decomposition holds capitals: the fold idempotence edge.
COMPAT = st.sampled_from(["ℌ", "ℍ", "№", "℃", "㍱", "ᴬ", "ϒ", "₨", "ℕ"])
TEXT_WITH_COMPAT = st.builds(lambda text, compat: text + compat, TEXT, st.lists(COMPAT, max_size=3).map("".join))
NORMALIZER = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@NORMALIZER
@given(TEXT)
@example(text="\x00" * 10)
@example(text="Södra sjukvårdsregionen S6dra Sédra &r")
def test_fold_never_raises(text: str) -> None:
    folded = fold(text)
    assert isinstance(folded, str)
    assert folded == folded.strip() and "  " not in folded
    assert folded == folded.lower()


@NORMALIZER
@given(TEXT_WITH_COMPAT)
@example(text="ℌ")
def test_fold_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded


@NORMALIZER
@given(TEXT)
def test_fold_ocr_and_words_give_only_ascii_tokens(text: str) -> None:
    folded = fold_ocr(text)
    assert isinstance(folded, str)
    tokens = words(text)
    assert all(TOKEN.fullmatch(t) for t in tokens), tokens
    assert tokens == TOKEN.findall(folded)


@NORMALIZER
@given(TEXT)
def test_stems_never_raise_and_are_no_more_than_words(text: str) -> None:
    tokens = words(text)
    result = stems(text)
    assert all(isinstance(s, str) for s in result)
    assert len(result) == sum(not is_stopword(w) for w in tokens) <= len(tokens)


def _grams_of(word: str, sizes: tuple[int, ...]) -> list[str]:
    padded = f"_{word}_"
    out: list[str] = []
    for n in sizes:
        if len(padded) <= n:
            return out + [padded]
        out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


@NORMALIZER
@given(TEXT)
def test_char_grams_are_padded_3_to_5_grams_of_the_words(text: str) -> None:
    grams = char_grams(text)
    content = [w for w in words(text) if not is_stopword(w)]
    assert grams == [g for w in content for g in _grams_of(w, (3, 4, 5))]
    for gram in grams:
        assert 3 <= len(gram) <= 5, gram
        assert "_" not in gram[1:-1], gram  # padding only at a word's start and end
        assert TOKEN.fullmatch(gram.strip("_")), gram
    padded_words = {f"_{w}_" for w in content}
    assert all(any(g in p for p in padded_words) for g in grams)
    assert {g for g in grams if g.startswith("_")} >= {p[:3] for p in padded_words}
    assert {g for g in grams if g.endswith("_")} >= {p[-3:] for p in padded_words}


# -- the answerer on hostile input -----------------------------------------------------------------
FTS_AND_SQL = st.sampled_from(
    [
        '"', '""', "'", "*", "AND", "OR", "NOT", "NEAR(", "NEAR(a b, 2)", "(", ")", "((", "))", "^", ":", "-", "+", "{", "}",
        "passages:", "stems:", "col : term", "a* OR b*", '"unterminated', "';", "; DROP TABLE passages; --", "' OR 1=1 --",
        "UNION SELECT * FROM meta", "/*", "*/", "%", "\\", "\x00", "\n", "Vem är kontaktperson för Region Kronoberg?",
        "budget", "Södra", "@", "regionhalland.se", "e-post:", "kontakt",
    ]
)
QUESTION = st.builds(
    lambda parts, times: " ".join(parts) * times,
    st.lists(st.one_of(FTS_AND_SQL, st.text(max_size=30)), max_size=15),
    st.sampled_from([1, 1, 1, 3, 40]),
).map(lambda q: q[:10_000])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(QUESTION)
@example(question='NEAR("a" AND (b OR')
@example(question="x" * 10_000)
@example(question="\x00")
@example(question="")
def test_ask_never_raises_on_any_text(answerer, question: str) -> None:
    from answer.types import Answer

    answer = answerer.ask(question)
    assert isinstance(answer, Answer)
    assert isinstance(answer.answer, str) and answer.answer
    assert isinstance(answer.abstained, bool)
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    if not answer.abstained:
        assert answer.citations or answer.contacts
