"""Question analysis, done once per question: language, intent, expected answer type,
the entities it names and its content terms (English mapped to Swedish).

Every later step (search, person lookup, answerability, composition, conversation)
reads this one `Query` instead of folding and stemming the question again. The rules
are about how questions are asked (question words, regions, abbreviations), never
about particular documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from answer.acronyms import with_long_forms
from answer.smalltalk import is_smalltalk
from index.query import REGIONS, SearchQuery, fold, is_stopword, stem, stems, words
from index.query_translation import english_stems, glossary, looks_english, translate, with_swedish_roles
from index.role_search import HEALTH_REGION_WORDS, LEAD_PHRASES, ROLE_WORDS, asked_body, canonical_role
from index.search import Generation

# Folded question/meta words: they say what KIND of answer is wanted, never what about.
QUESTION_WORDS = set(
    """
    vem vilken vilket vilka hur nar var vart varfor vad ofta lange langt manga mycket
    who whom what when where which how why often long many much does do did is are was were
    berätta beratta finns fanns gor gors far kan ska skall bor maste menas betyder innebar heter
    tell please me jag vi man nagon nan nagot nat sig
    """.split()
)
_PERSON_Q = re.compile(
    r"\bvem\b|\bvilka personer\b|\bwho(?:m)?\b|\bkontaktperson|\bkontakt\b|\bcontact\b|\brepresentant"
    r"|\bhora av mig\b|\bprata med\b|\bvanda mig\b"
)
_COUNT_Q = re.compile(
    r"\bhur (?:manga|mycket|stor|stort|stora)\b|\bhow (?:large|big)\b|\bantal\b|\bhow (?:many|much)\b|\bnumber of\b"
)
_AMOUNT_Q = re.compile(
    r"\bhur mycket (?:pengar|kostar)|\bpengar\b|\bbudget\w*|\bkostar\b|\bhow much money\b|\bcost\b"
    # "hur mycket arvode får ledamöterna?", "how much are they paid?": money asked for, not a count
    r"|\bhur mycket\b.*\b(?:arvode\w*|ersattning\w*|lon(?:en|er|erna)?|betala\w*|tjanar|kronor|avgift\w*)"
    r"|\bhow much\b.*\b(?:paid|pay|fees?|earn\w*|compensat\w*|salary|allowance\w*|charge\w*)\b"
)
_COST_Q = re.compile(r"\bkosta(?:r|de|t)?\b|\bcosts?\b|\bhow much money\b")
_DATE_Q = re.compile(
    r"(?<!hur )\bnar\b(?! (?:jag|man|vi|hen|henne|honom|det galler|det kommer till)\b)|\bhur ofta\b|\bhur lange\b|\bvilket ar\b|\bsedan nar\b"
    r"|\bdatum\b|\bwhen\b|\bhow often\b|\bhow long\b"
    r"|\bwhat year\b|\bnasta mote\b"
)
# "How long" asks for a span (a period, a number of years, "tills vidare"), not a point in time.
_DURATION_Q = re.compile(
    r"\bhur (?:lange|lang tid)\b|\b(?:for|under) hur lang\b|\bgiltighetstid\w*|\bunder vilken (?:period|tid)\b"
    r"|\bhur lang (?:ar|var|blir) \w*(?:tid|tiden|period|perioden)\b"  # "hur lång är uppsägningstiden?"
    r"|\bhow long\b|\bfor what period\b|\bvalid (?:for|until)\b"
)
_PLACE_Q = re.compile(r"^var\b|\bvar (?:ligger|sitter|finns|hittar)\b|\bvart\b|\bwhere\b|\bi vilken stad\b")
_DEFINITION_Q = re.compile(r"\bvad (?:ar|innebar|menas|betyder)\b|\bwhat (?:is|does .* mean)\b|\bwhat are\b")
# "What areas do …" asks for several things as "Which areas …" does; "Lista …" asks for a list outright.
_LIST_Q = re.compile(r"\bvilka\b|\bwhich\b|\bvad (?:ska|ingar)\b|\bvad for (?:\w+ )?\w+(?:er|ar|or|na)\b"
                     r"|\bwhat (?:\w+ )?\w+s (?:do|does|did|are|were|have|has|will|can|should)\b|^(?:lista|list)\b")
_HOWTO_Q = re.compile(r"\bhur (?:gor|kan|ska) (?:jag|man|vi)\b|\bhow (?:do|can|should) i\b")
_YESNO_Q = re.compile(r"^(?:far|finns|har|ar|kan|ska|gor|do|does|is|are|can|has|have)\b")
# Asked-for attributes of a person the directory may lack.
_ATTRIBUTE_Q = {
    "phone": re.compile(r"\btelefon\w*|\bmobil(?:nummer|nr|telefon|en)\b|\bphone\b|\bring(?:a|er)?\b|\bnummer\b"),
    "email": re.compile(r"\be-?post\w*|\bmejl\w*|\bmail\w*|\be-?mail\b"),
}
# "Vem leder X?", "who heads X?", "the head of X": the body's leader (its ledare, chair or head of staff).
_LEAD_Q = re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in LEAD_PHRASES) + r")\b")
# Roles the role lexicon finds in a question that do not ask for a role holder ("kontakta", "skrev").
_NOT_ASKED_ROLES = {"", "kontaktperson", "representant", "deltagare", "författare", "ledare"}
# A qualifier that makes another role of the one asked before ("och vem är biträdande?").
_QUALIFIER_Q = re.compile(r"\b(vice|bitradande|stallforetradande|deputy|tf)\b")
# Folded word endings that name a body (nämnd, grupp, råd ...): body words of a question.
BODY_WORD = re.compile(
    r"(?:namnd|namnden|grupp|gruppen|rad|radet|ledning|ledningen|beredning|beredningen|kansli|kansliet|styrelse"
    r"|styrelsen|centrum|forum|plattform|plattformen|samrad|samradet|kommitte|kommitten|committee|board|group|council)$"
)
_ABBREVIATION = re.compile(r"\b[A-ZÅÄÖ]{2,6}\b(?:\s+(?:Sydöst|Syd|Norr|Väst|Mellansverige|Stockholm\w*|Uppsala\w*)\b)?")
_CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü][\wåäöéü-]*(?:\s+[A-ZÅÄÖ][a-zåäöéü][\wåäöéü-]*)*")


@dataclass
class Entity:
    """Something the question names: a region, a health-care region, a body or a person."""

    kind: str  # region | healthregion | body | person
    text: str  # as the question writes it
    stems: list[str]  # what a passage must carry
    name: str = ""  # canonical form (Region Kronoberg), when known


@dataclass
class Query:
    """One analysed question; see the module docstring."""

    text: str
    lang: str
    swedish: str  # the question with English words mapped to Swedish
    folded: str
    intent: str  # person | definition | list | count | date | place | yesno | howto | smalltalk | other
    expected: str  # person | number | amount | date | duration | place | list | description
    entities: list[Entity] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # content stems, question words removed
    weights: dict[str, float] = field(default_factory=dict)  # idf per term
    unknown: list[str] = field(default_factory=list)  # content terms the documents never use
    attribute: str = ""  # phone | email when a person's attribute is asked
    role: str = ""  # a role word the question names (ordförande, sekreterare ...)
    context_terms: list[str] = field(default_factory=list)  # from earlier turns of a conversation
    alternatives: dict[str, list[str]] = field(default_factory=dict)  # term → stems any of which counts (English)
    bodies: list[str] = field(default_factory=list)  # kinds of body named (samverkansnamnd, rcc, * for "committee")
    places: list[str] = field(default_factory=list)  # health-care regions and regions named, canonical
    heads: frozenset[str] = frozenset()  # compound heads among the alternatives: they find sentences, not topics
    abbreviations: dict[str, list[str]] = field(default_factory=dict)  # named abbreviation -> full names documents give

    def of_kind(self, *kinds: str) -> list[Entity]:
        return [e for e in self.entities if e.kind in kinds]

    def search_query(self, generation: Generation) -> SearchQuery:
        """The index side's view: terms, vector text, entities to prefer and rivals to push down."""
        named = self.of_kind("region", "healthregion", "body")
        rivals = [r for r in _rivals(named) if generation.mentions(r)]
        return SearchQuery(
            text=self.swedish if self.lang == "en" else self.text,
            terms=self.search_terms,
            entities=[e.stems for e in named],
            rivals=rivals,
            context_terms=self.context_terms,
        )

    @property
    def search_terms(self) -> list[str]:
        return stems(self.swedish)

    @property
    def content_weight(self) -> float:
        return sum(self.weights.values())


def analyse(
    question: str, generation: Generation, context_terms: list[str] | None = None, lang: str | None = None
) -> Query:
    """Analyse one question against the current generation (idf, known words); `lang` when
    the language is known already (a follow-up resolved with Swedish names keeps English)."""
    lang = lang or ("en" if looks_english(question) else "sv")
    swedish = translate(question) if lang == "en" else question
    folded = fold(question).rstrip("?!. ")
    intent, expected = _intent(folded, lang)
    entities = [_full_name(e, question, generation) for e in _entities(question, folded)]
    groups = _term_groups(question, lang)
    terms = [g[0] for g in groups]
    weights = {t: generation.idf(t) for t in terms}
    if lang == "en":  # an English word the glossary does not map says nothing about the documents
        terms = [t for t in terms if generation.knows(t) or not _untranslated(t, question)]
    groups = [g for g in groups if g[0] in terms]
    entities, groups = with_long_forms(entities, groups, generation)
    weights = {t: generation.idf(t) for t in terms}
    heads = frozenset(h for word in words(question) for h in (_compound_head(word) if lang != "en" else []))
    unknown = [g[0] for g in groups if not any(generation.knows(t) for t in g if t == g[0] or t not in heads)]
    if is_smalltalk(folded, terms, generation):
        intent, expected = "smalltalk", "description"
    attribute = next((name for name, pattern in _ATTRIBUTE_Q.items() if pattern.search(folded)), "")
    role = question_role(folded)
    bodies, places = asked_body(question)
    places = [p for p in places if not _part_of_region(p, folded)]
    known = getattr(generation, "abbreviations", {})
    shorts = [e.text.split()[0] for e in entities if e.kind == "body"]
    abbreviations = {a: known[a] for a in shorts if a in known and not asked_body(a)[0]}  # "NRF", not "RCC"
    return Query(
        question,
        lang,
        swedish,
        folded,
        intent,
        expected,
        entities,
        terms,
        weights,
        unknown,
        attribute,
        role,
        list(context_terms or []),
        {g[0]: g for g in groups},
        bodies,
        places,
        heads,
        abbreviations,
    )


def question_role(folded: str) -> str:
    """The role a (folded) question asks for: a role word, else "ledare" for who leads a body."""
    role = next((r for r in ROLE_WORDS if any(not _genitive(m.group(0)) for m in re.finditer(rf"\b{fold(r)}\w*", folded))), "")
    other = canonical_role(folded)  # "ordf", "nämndsekreterare", "regiondirektör", "biträdande verksamhetschef"
    if (not role or other.endswith(" " + (canonical_role(role) or role))) and other not in _NOT_ASKED_ROLES:
        role = other
    return role or ("ledare" if _LEAD_Q.search(folded) else "")


def _genitive(word: str) -> bool:
    """A role noun in the genitive ("ledamöternas resor", "ordförandens uppdrag") names whose
    thing is asked about, not the role asked for."""
    return len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us"))


def qualified_role(folded: str, earlier: str) -> str:
    """A question that only qualifies the role asked before ("och vem är biträdande?" after
    verksamhetschef): the qualified role, else ""."""
    qualifier = _QUALIFIER_Q.search(folded)
    if not qualifier or not earlier or question_role(folded):
        return ""
    word = {"bitradande": "biträdande", "stallforetradande": "ställföreträdande", "deputy": "biträdande"}
    return f"{word.get(qualifier.group(1), qualifier.group(1))} {earlier}"


def _term_groups(question: str, lang: str) -> list[list[str]]:
    """Content terms as groups of alternatives: a Swedish word is its own stem; an English
    word is the stems of its glossary translations and its own stem (any one of them counts)."""
    table = glossary() if lang == "en" else {}
    groups: dict[str, list[str]] = {}
    for word in words(with_swedish_roles(question) if lang == "en" else question):
        if is_stopword(word) or word in QUESTION_WORDS or word.isdigit():
            continue
        # the word itself last: English documents (an RCC's "About us" page) use it as it stands
        alternatives = [stem(w) for sw in table.get(word, []) for w in words(sw) if not is_stopword(w)] + [stem(word)]
        alternatives += _compound_head(word) + english_stems(stem(word)) if lang != "en" else []
        groups.setdefault(alternatives[0], list(dict.fromkeys(alternatives)))
    return list(groups.values())


def _compound_head(word: str) -> list[str]:
    """A compound body's head ("Rådet" after "Samverkansrådet") finds its sentences; the body
    stays a key the passage must carry (answer/keys.py) and the topic the documents must know."""
    head = BODY_WORD.search(word)
    if not head or head.start() < 3 or len(word) < 6:
        return []
    return [stem(head.group(0))]


def _untranslated(term: str, question: str) -> bool:
    """Does the term come from an English word the glossary does not map?"""
    table = glossary()
    return any(stem(fold(w)) == term and w not in table for w in re.findall(r"[a-z]+", question.lower()))


def _intent(folded: str, lang: str) -> tuple[str, str]:
    """(intent, expected answer type): the first question form that matches, in this order."""
    if _AMOUNT_Q.search(folded) and _COUNT_Q.search(folded) or _COST_Q.search(folded) and not _PERSON_Q.search(folded):
        return "count", "amount"
    forms = (
        (_COUNT_Q, "count", "number"), (_DURATION_Q, "date", "duration"), (_DATE_Q, "date", "date"), (_PLACE_Q, "place", "place"),
        (_PERSON_Q, "person", "person"), (_DEFINITION_Q, "definition", "description"),
        (_HOWTO_Q, "howto", "description"), (_LIST_Q, "list", "list"), (_YESNO_Q, "yesno", "description"),
    )
    return next(((intent, expected) for pattern, intent, expected in forms if pattern.search(folded)),
                ("other", "description"))


def _part_of_region(place: str, folded: str) -> bool:
    """Is a health-care region's direction word only a part of a region the question names
    ("i Södra Dalarna", "Norra Halland"), so the health-care region is not asked about?"""
    direction = fold(place).split()[0]
    if direction not in HEALTH_REGION_WORDS:
        return False
    after = re.findall(rf"\b{direction}\s+([a-z]+)", folded)
    return bool(after) and all(any(w == key.split()[0] for keys in REGIONS.values() for key in keys) for w in after)


def _entities(question: str, folded: str) -> list[Entity]:
    found: list[Entity] = []
    tokens = re.findall(r"[a-z]+", folded)
    for name, keys in REGIONS.items():
        match = next((window for key in keys for window in _windows(tokens, key.split())), None)
        if match:
            found.append(Entity("region", " ".join(match), [stem(p) for p in keys[0].split()], name))
    for i, token in enumerate(tokens):
        if token not in HEALTH_REGION_WORDS or any(token in fold(e.name) for e in found):
            continue
        follows = i + 1 < len(tokens) and tokens[i + 1].startswith("sjukvardsregion")
        if i + 1 < len(tokens) and any(fold(e.text).split()[0] == tokens[i + 1] for e in found if e.kind == "region"):
            continue  # "Södra Dalarna", "Norra Halland": a part of a region, not a health-care region
        alone = i + 1 == len(tokens) or (i > 0 and tokens[i - 1] in {"i", "for", "inom"})
        if follows or alone or _capitalised_in(question, token):
            found.append(Entity("healthregion", token, [stem(token)], token))
    if re.search(r"south-?east|sydost", folded) and not any(e.name == "sydostra" for e in found):
        found.append(Entity("healthregion", "sydöstra", ["sydost"], "sydostra"))
    english = looks_english(question)  # "South Sweden" in a Swedish question is a name, not Södra
    south = re.search(r"\b(?:the\s+)?south(?:ern)?\b(?!-)(?:\s+(?:healthcare\s+|health\s+care\s+)?region\b)?", folded) if english else None
    if south and not any(e.kind == "healthregion" for e in found):  # as written: a follow-up swaps these words
        found.append(Entity("healthregion", south.group(0), [stem("sodra")], "sodra"))
    for abbreviation in _ABBREVIATION.finditer(question):
        text = abbreviation.group(0)
        found.append(Entity("body", text, stems(text), text))
    for e in found:
        e.text = _original(question, e.text)
    covered = {fold(w) for e in found for w in e.text.split()}
    for run in _CAPITALISED.finditer(question):
        text = run.group(0)
        if run.start() > 0 and fold(text) not in covered and not is_stopword(fold(text)):
            found.append(Entity("name", text, stems(text), text))
    return _dedupe(found)


_LINKS = {"och", "and", "eller", "or", "&"}


def _full_name(entity: Entity, question: str, generation: Generation) -> Entity:
    """An abbreviated body with the name that follows it in the question ("NPO lung- och
    allergisjukdomar", "RPO rörelseorganens sjukdomar"), word by word while some passage
    carries them all: the full name, not the bare "NPO" several bodies share."""
    if entity.kind != "body" or not entity.text.isupper():
        return entity
    at = question.find(entity.text)
    if at < 0:
        return entity
    rest = question[at + len(entity.text) :].split()
    taken: list[str] = []
    for word in rest:
        bare = word.rstrip("?!.,;:")
        folded = fold(bare)
        linking = folded in _LINKS and bool(taken) and taken[-1].endswith("-")
        if not bare or not (linking or (bare[:1].islower() and bare[:1].isalpha() and not is_stopword(folded)
                                        and folded not in QUESTION_WORDS)):
            break
        extended = entity.stems + [stem(fold(w.rstrip("-"))) for w in taken + [bare] if fold(w) not in _LINKS]
        if not linking and not generation.mentions(extended):
            break
        taken.append(bare)
        if bare != word:
            break  # the name ends at punctuation
    while taken and fold(taken[-1]) in _LINKS | {""} or taken and taken[-1].endswith("-"):
        taken.pop()
    if not taken:
        return entity
    stems_ = entity.stems + [stem(fold(w.rstrip("-"))) for w in taken if fold(w) not in _LINKS]
    return Entity(entity.kind, " ".join([entity.text, *taken]), stems_, entity.name)




def named_entities(text: str) -> list[Entity]:
    """The regions, health-care regions, bodies and names a text (a title, a heading) names."""
    return _entities(text, fold(text).rstrip("?!. "))


def _original(question: str, folded_text: str) -> str:
    """The question's own spelling of a folded span (folding keeps lengths), inflection included."""
    at = fold(question).find(folded_text)
    if at < 0:
        return folded_text
    end = at + len(folded_text)
    while end < len(question) and question[end].isalpha():
        end += 1
    return question[at:end]


def _windows(tokens: list[str], parts: list[str]) -> list[list[str]]:
    """Token windows that spell a region key, inflected ("skanes", "kronobergs", "jonkopings")."""
    n = len(parts)
    return [
        tokens[i : i + n]
        for i in range(len(tokens) - n + 1)
        if all(w.startswith(p) and len(w) - len(p) <= 2 for w, p in zip(tokens[i : i + n], parts, strict=True))
    ]


def _capitalised_in(question: str, folded_word: str) -> bool:
    return any(fold(w) == folded_word and w[:1].isupper() for w in re.findall(r"[\wåäöÅÄÖ]+", question))


def _dedupe(entities: list[Entity]) -> list[Entity]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for e in entities:
        key = tuple(e.stems)
        if key and key not in seen:
            seen.add(key)
            out.append(e)
    return out


def rivals_of(entity: Entity) -> list[list[str]]:
    """The other entities of an entity's kind (another region, another health-care region)."""
    return _rivals([entity])


def _rivals(named: list[Entity]) -> list[list[str]]:
    """Entities of the same kind as those named: other regions, other health-care regions."""
    kinds = {e.kind for e in named}
    asked = {tuple(e.stems) for e in named}
    rivals: list[list[str]] = []
    if "region" in kinds:
        rivals += [[stem(p) for p in keys[0].split()] for keys in REGIONS.values()]
    if "healthregion" in kinds:
        rivals += [[h] for h in HEALTH_REGION_WORDS]
    return [r for r in rivals if tuple(r) not in asked]
