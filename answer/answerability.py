"""Answerability from evidence: may the documents' sentences answer this question?

Pre-LLM QA systems answered only when a candidate sentence carried the question's
key entities and an answer of the expected type. The checks here are that, plus a
calibrated idf coverage of the question's content terms (README "Utvärdering" gives
the method and the dev/holdout figures). Each check that fails says what is missing,
so the decline can name it.
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass

from answer.query import BODY_WORD, Query
from index.query import fold, name_candidates, stem, words
from index.query_translation import glossary
from index.role_search import KEY_ROLE_NOUNS
from index.search import Generation

# Idf-weighted share of the question's known content terms that the chosen passage (with
# its title, heading and the conversation's carried terms) must cover. Calibrated on the dev
# files (answerable ≥ 0.45 with few exceptions, unanswerable near-topic 0.2-0.5) and checked
# on eval/own_qa.jsonl's holdout split.
MIN_COVERAGE = 0.34
# A question whose own (non-entity) content words are mostly unknown to the documents asks
# about something they do not contain ("patientråd").
MAX_UNKNOWN_SHARE = 0.5

_NUMBER_WORDS = (
    "två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton arton nitton tjugo trettio fyrtio femtio hundra tusen "
    "tjugotal tiotal dussin hälften flera one two three four five six seven eight nine ten twenty hundred"
)
_NUMBER = re.compile(r"\d|\b(?:" + "|".join(fold(w) for w in _NUMBER_WORDS.split()) + r")\b")
_NOT_A_COUNT = re.compile(r"\b(?:19|20)\d\d(?:-\d\d-\d\d)?\b|§\s*\d+")
_AMOUNT = re.compile(r"\d[\d\s,.]*\s*(?:kr|kronor|sek|mkr|mnkr|tkr|miljon\w*|miljard\w*|euro|%|procent)\b")
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}\b|\b(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober"
    r"|november|december|varen|hosten|sommaren|vintern|arlig\w*|arsvis|varje (?:ar|manad|vecka|kvartal|termin)"
    r"|vartannat|varannan|manad\w*|kvartal\w*|vecka|veckor|gang(?:er)? (?:per|om|i)|per ar|om aret|dagligen|lopande|sedan|flerarig\w*"
    r"|ettarig\w*|treaarig\w*|tills vidare"
    # the same in an English document: "four times a year", "every second week", "monthly"
    r"|times (?:a|per|each) (?:year|month|week)|(?:once|twice) (?:a|per) (?:year|month|week)|every (?:\w+ )?(?:year|month|week)"
    r"|annually|yearly|monthly|weekly|quarterly|since|spring|autumn|january|february|march|may|june|july|august|october)\b"
)
# A span of time: a period of years, a number of years/months, "flerårig", "tills vidare".
_DURATION = re.compile(
    r"\b(?:19|20)\d\d\s*(?:[-–—]|till|to)\s*(?:19|20)?\d\d\b|\b(?:\d+|en|ett|tva|tre|fyra|fem|sex|tio|one|two|three|four|five)"
    r"\s+(?:ar|manader|veckor|dagar|years?|months?|weeks?)\b|\w*arig\w*\b|\btills? vidare\b|\btill och med\b|\bt\.?o\.?m\b"
    r"|\bfram till\b|\bperioden\b|\bmandatperiod\w*|\bgaller (?:till|fran|under|for)\b|\buntil\b|\bperiod\b"
)
# A point in time, not a frequency: a year, a date, a month or a season ("våren 2026").
_POINT = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}\b|\b(?:januari|februari|mars|april|maj|juni|juli|augusti|september"
    r"|oktober|november|december|varen|hosten|sommaren|vintern|january|february|march|june|july|august|october"
    r"|spring|autumn)\b"
)
_PLACE = re.compile(r"\b(?:i|pa|vid|fran|in|at)\s+[A-ZÅÄÖ][\wåäöé-]+")
_PERSON_OR_BODY = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s+[A-ZÅÄÖ][a-zåäöéü]+\b|@"
    r"|(?:grupp|gruppen|namnd|namnden|rad|radet|ledning|ledningen|kansli|kansliet|styrelse|styrelsen|beredning\w*"
    r"|forum|centrum|kontor|kontoret|samrad|samradet|direktor|chef|ordforande|regioner|regionerna|lakare|alla)\b"
)
_PHONE = re.compile(r"(?:\+46|\b0)[\d\s–-]{5,16}\d\b")
ROLE_NOUNS = KEY_ROLE_NOUNS  # the role vocabulary lives in ingest/roles.py
TYPED = ("number", "amount", "date", "point", "past", "duration", "place", "name")  # expected types a chosen sentence must carry
_WHAT_IS_MISSING = {
    "number": "answer.missing_number",
    "amount": "answer.missing_amount",
    "date": "answer.missing_date",
    "point": "answer.missing_date",
    "past": "answer.missing_date",
    "duration": "answer.missing_duration",
    "place": "answer.missing_place",
    "person": "answer.missing_person",
    "name": "answer.missing_person",
    "phone": "answer.missing_phone",
    "email": "answer.missing_email",
}


def carries_type(sentence: str, expected: str, counted: list[str] | None = None) -> bool:
    """Does a sentence carry an answer of the expected type? A count answers "hur många X"
    when it counts X ("fem sjukhus", "26 nationella programområden") or the sentence
    enumerates X ("regionerna Blekinge, Halland, Kronoberg och Skåne")."""
    folded = fold(sentence)
    if expected == "number":  # a year, a date or a paragraph number counts nothing
        plain = _NOT_A_COUNT.sub(" ", folded)
        if not counted:
            return bool(_NUMBER.search(plain))
        return _counts(plain, counted) or (bool(ENUMERATION.search(plain)) and _names(plain, counted))
    if expected == "amount":
        return bool(_AMOUNT.search(folded))
    if expected == "date":
        return bool(_DATE.search(folded))
    if expected == "point":  # `counted`: the event asked about, which the sentence must name
        return bool(_POINT.search(folded)) and (not counted or _names(folded, counted))
    if expected == "past":  # the event in the question's words, or something done (its verb paraphrased)
        return bool(_POINT.search(folded)) and (not counted or _names(folded, counted) or bool(_PAST.search(folded)))
    if expected == "duration":
        return bool(_DURATION.search(folded))
    if expected == "place":
        return bool(_PLACE.search(sentence))
    if expected == "name":  # a person, not a body: a name, or a holder by title ("Direktören på …")
        return bool(name_candidates(sentence)) or any(
            w.startswith(r) and w[len(r) :] in ("en", "n") for w in folded.split() for r in ROLE_NOUNS
        )
    if expected == "phone":  # a Swedish number has 8-10 digits (a date "05-16" is no number)
        return any(len(re.sub(r"\D", "", m)) >= 8 for m in _PHONE.findall(sentence))
    if expected == "email":
        return "@" in sentence
    if expected == "person":
        return bool(_PERSON_OR_BODY.search(sentence) or _PERSON_OR_BODY.search(folded))
    return True


@dataclass
class Verdict:
    """Answer or decline, and when declining the prompt key and its fields."""

    ok: bool
    reason: str = ""
    fields: dict[str, str] | None = None


def unknown_topic(query: Query, generation: Generation) -> Verdict:
    """Before search: an entity the documents never name, or a question whose own content
    words the documents do not use."""
    for entity in query.of_kind("region", "healthregion", "body"):
        if not generation.mentions(entity.stems):
            return Verdict(False, "answer.missing_entity", {"entity": entity.text})
    entity_stems = {s for e in query.entities for s in e.stems}
    if query.of_kind("healthregion"):
        entity_stems |= {t for t in query.terms if t.startswith("sjukvardsregion")}
    own = [
        t
        for t in query.terms
        if t not in entity_stems and not any(t.startswith(s) or s.startswith(t) for s in entity_stems)
    ]
    if not own:
        return Verdict(True)
    unknown = [t for t in own if t in query.unknown]
    if query.role and any(fold(query.role).startswith(u[:5]) for u in unknown):
        return Verdict(False, "answer.missing_role", {"role": query.role})
    weight = sum(query.weights.get(t, 0.0) for t in own)
    missing = sum(query.weights.get(t, 0.0) for t in unknown)
    if weight and missing / weight > MAX_UNKNOWN_SHARE and len(unknown) == len(own):
        return Verdict(False, "answer.missing_topic", {"topic": word_for(query, max(unknown, key=len))})
    return Verdict(True)


# "När inrättades …", "När tillträdde …", "vilket år", "nästa möte", "when was …": one point in
# time, which "fyra gånger per år" does not give.
_PAST_Q = re.compile(
    # Swedish puts the verb right after "när": a past tense ("inrättades", "tillträdde"), or
    # the perfect ("När har rådet inrättats?")
    r"\bnar \w{3,}(?<!n)(?:ade|ades|de|des|te|tes)\b|\bnar (?:har|hade) (?:\w+ ){1,3}?\w+(?:at|ats|it|its)\b"
    r"|\bnar (?:blev|var|kom|fick|tog|beslot|antogs|utsags|valdes|holls|gavs|skrevs)\b|\bwhen (?:was|were|did)\b"
)
_POINT_Q = re.compile(r"\bvilket (?:ar|datum)\b|\b(?:sedan|fran) nar\b|\bnasta (?:mote|sammantrade)\b|\bwhat year\b|\bnext meeting\b")
# A sentence that tells of something done: a past tense or participle ("formerades 2020",
# "established in 2019", "sedan 2015"); "För 2025 har rådet en budget" tells of nothing done.
_PAST = re.compile(r"\b\w{3,}(?<!n)(?:ade|ades|dde|ddes|des|tes)\b|\b\w{3,}ed\b|\b(?:sedan|since|blev|bildat|startat)\b")


def asks_for_point(query: Query) -> str:
    """Does a "när/when" question ask for one point in time rather than a recurrence ("När
    träffas rådet?" is answered by "varannan månad")? "past" for something done ("När
    inrättades …?"), "point" for the next meeting or a year, else ""."""
    if query.expected not in ("date", "point", "past"):
        return ""
    if _PAST_Q.search(query.folded) or (_POINT_Q.search(query.folded) and _PAST.search(query.folded)):
        return "past"  # "När inrättades …", "Vilket år bildades …"
    return "point" if _POINT_Q.search(query.folded) else ""


def event_terms(query: Query) -> list[str]:
    """What a point in time is asked for, besides the body: the question's other words and
    their alternatives ("inrättades", "nästa möte"). "För 2025 har rådet en budget" carries a
    year, but not the year the council was founded."""
    named = {s for e in query.entities for s in e.stems}
    words_ = [t for t in query.terms if t not in query.unknown and t not in named and not BODY_WORD.search(t)]
    return [a for t in words_ for a in own_alternatives(query, t)]


ENUMERATION = re.compile(r"[^,]+,[^,]+,[^,]+\b(?:och|samt|and)\b")
COUNT_WINDOW = 3  # words between a number and the noun it counts ("fem regionala programområden")


# Nouns that count the same thing under other names (stems): staff.
_COUNTED_KIN = (("anstall", "medarbetar", "personal", "tjanstem", "employe", "staff"),)


def counted_noun(query: Query) -> list[str]:
    """Stems of the noun a "hur många/how many" question counts (its glossary words in English),
    or of the event a point-in-time question asks about: what a typed sentence must name."""
    if asks_for_point(query):
        return event_terms(query)
    match = re.search(r"\b(?:hur manga|how many|antal(?:et)?)\s+([a-z]+)", query.folded)
    if not match:
        return []
    word = match.group(1)
    kin = next((group for group in _COUNTED_KIN if any(word.startswith(w) for w in group)), ())
    if kin:  # "hur många anställda" is answered by "nio medarbetare"
        return list(kin)
    if query.lang == "en":  # its Swedish words, and itself for an English document
        return list(dict.fromkeys([stem(w) for sw in glossary().get(word, []) for w in fold(sw).split()] + [stem(word)]))
    return list(dict.fromkeys([stem(word), *query.alternatives.get(stem(word), [])]))  # "SIP" for "samordnade …"


def _counts(folded: str, counted: list[str]) -> bool:
    """A number before the noun ("fem sjukhus"), or "antalet <noun> … <number>" ("Antalet
    upprättade SIP ökade från 412 till 538")."""
    tokens = re.findall(r"[a-z0-9]+", folded)
    for i, token in enumerate(tokens):
        if token.isdigit() or _NUMBER.fullmatch(token):
            if _names(" ".join(tokens[i + 1 : i + 1 + COUNT_WINDOW]), counted):
                return True
        if token in ("antal", "antalet") and _names(" ".join(tokens[i + 1 : i + 2 + COUNT_WINDOW]), counted):
            if any(t.isdigit() or _NUMBER.fullmatch(t) for t in tokens[i + 1 :]):
                return True
    return False


# "Nämnden har sex ledamöter", "Rådet består av fjorton ledamöter", "The board has seven
# members": the count stated as what the subject has, not a part of it ("Fyra ledamöter utses av …").
_TOTAL_VERB = re.compile(
    r"\b(?:har|hade|bestar av|omfattar|utgors av|rymmer|samlar|has|had|have|consists of|comprises|includes)"
    r"\s+(?:totalt |sammanlagt |i dag |idag |in total |a total of )?$"
)


def states_total(sentence: str, counted: list[str]) -> bool:
    """Does a sentence state the total count of the asked noun, with the body as subject?"""
    tokens = re.findall(r"[a-z0-9]+", _NOT_A_COUNT.sub(" ", fold(sentence)))
    for i, token in enumerate(tokens):
        if (token.isdigit() or _NUMBER.fullmatch(token)) and _names(" ".join(tokens[i + 1 : i + 1 + COUNT_WINDOW]), counted):
            if i > 0 and _TOTAL_VERB.search(" ".join(tokens[max(0, i - 4) : i]) + " "):
                return True
    return False


def _names(folded: str, counted: list[str]) -> bool:
    return any(w.startswith(c) or (len(c) >= 5 and c in w) for w in folded.split() for c in counted)


def word_for(query: Query, term: str) -> str:
    """The question's own word for a stem (for the decline message)."""
    for word in re.findall(r"[\wåäöÅÄÖéü-]+", query.text):
        if fold(word).startswith(term[: max(4, len(term) - 1)]):
            return word
    return term


# A question word the documents never use counts this much against coverage: it may be a
# paraphrase ("skrev", "gett upphov") or the missing topic ("lön").
UNKNOWN_WEIGHT = float(os.environ.get("SAMVERKAN_UNKNOWN_WEIGHT", "0.5"))


def coverage(query: Query, generation: Generation, passage_id: int, carried: frozenset[str] = frozenset()) -> float:
    """Idf-weighted share of the question's known content terms found in the passage (title,
    heading and text), a term counting when a passage term begins with it (inflection,
    compounds) or shares most of its grams (OCR damage). `carried`: stems known to hold for
    the passage otherwise (an entity its document is about)."""
    terms = [t for t in query.terms if t not in query.unknown]
    if not terms:
        return 0.0
    pool = generation.passage_terms(passage_id) | carried
    total = UNKNOWN_WEIGHT * sum(query.weights.get(t, 1.0) for t in query.unknown)
    found = 0.0
    for term in terms:
        weight = query.weights.get(term, 1.0)
        total += weight
        if any(_in_pool(t, pool) for t in own_alternatives(query, term)):
            found += weight
    return found / total if total else 0.0


def uncovered_word(query: Query, generation: Generation, passage_id: int) -> str:
    """The question's rarest known word the passage does not carry (what the documents
    lack, for the decline message), or ""."""
    pool = generation.passage_terms(passage_id)
    terms = [
        t for t in query.terms
        if t not in query.unknown and not any(_in_pool(a, pool) for a in own_alternatives(query, t))
    ]
    if not terms:
        return ""
    return word_for(query, max(terms, key=lambda t: query.weights.get(t, 0.0)))


def own_alternatives(query: Query, term: str) -> list[str]:
    """A term's alternatives without a compound's head: whether a passage speaks of
    "samverkansrådet" is not answered by "rådet"."""
    return [a for a in query.alternatives.get(term, [term]) if a == term or a not in query.heads] or [term]


def _in_pool(term: str, pool: frozenset[str]) -> bool:
    return term in pool or (
        len(term) >= 4 and any(p.startswith(term) or (len(p) >= 4 and term.startswith(p)) for p in pool)
    )


def missing_type_reason(query: Query, expected: str = "", subject: str = "") -> Verdict:
    """Decline naming the missing answer type: "Dokumenten anger ingen tidpunkt för …"."""
    expected = expected or query.expected
    key = _WHAT_IS_MISSING.get(expected, "answer.abstain")
    subject = subject or " ".join(e.text for e in query.of_kind("region", "healthregion", "body")) or _focus(query)
    return Verdict(False, key, {"subject": subject, "name": subject})


def _focus(query: Query) -> str:
    """The question's rarest known content word: what it is about."""
    known = [t for t in query.terms if t not in query.unknown]
    if not known:
        return ""
    return word_for(query, max(known, key=lambda t: query.weights.get(t, 0.0)))


def topic_term(query: Query, gen: Generation) -> str:
    """The question's rarest known word, beside the regions and bodies it names, that titles a
    document or section: another document's subject ("äldresamverkan", "patientsäkerhetsnätverket"),
    or "". A verb or a common noun ("sammanträder", "budget") titles nothing and decides nothing."""
    named = {s for e in query.entities for s in e.stems}
    titled = _title_terms(gen)
    known = [
        t for t in query.terms
        if t not in query.unknown and t not in named and len(t) >= MIN_TOPIC
        and any(w.startswith(t) or (len(w) >= MIN_TITLED and t.startswith(w)) for w in titled)
    ]
    return max(known, key=lambda t: query.weights.get(t, 0.0)) if known else ""


_TITLE_TERMS: weakref.WeakKeyDictionary[Generation, frozenset[str]] = weakref.WeakKeyDictionary()


def _title_terms(gen: Generation) -> frozenset[str]:
    if gen not in _TITLE_TERMS:
        _TITLE_TERMS[gen] = frozenset(w for heading, title in gen.headings for w in words(f"{heading} {title}"))
    return _TITLE_TERMS[gen]


MIN_TOPIC = 5  # shorter stems ("mot", "stor") are no topic
MIN_TITLED = 8  # a title word the question's word begins with is a compound, not a short stem ("patientsäkerhetsnätverkets")


def document_carries(query: Query, gen: Generation, document: str, term: str) -> bool:
    """Does some passage of the document use the term (inflected, in a compound, or one of its
    alternatives)? A word the documents use elsewhere but this document never does says the
    question is about another document's matter."""
    alternatives = own_alternatives(query, term)
    return any(_in_pool(a, gen.passage_terms(i)) for i in gen.document_passages(document) for a in alternatives)
