"""People in running prose: a known first name next to a role phrase or a leading verb
("Ordförande i styrgruppen är Helena Wallin", "Karin Ekelund leder tjänstemannaberedningen",
"regiondirektör Åsa Bellander", "X, som också är kontaktperson för Region Gotland i ...").
Every pattern looks at a bounded window around the name, so a sentence costs linear time."""

from __future__ import annotations

import re

from ingest.contacts import _runs
from ingest.normalize import fold
from ingest.people_parts import Entry, is_person_like, names_body, region_of, role_tail
from ingest.roles import canonical_role

# passive verbs of leading, chairing and coordinating a body ("leds av", "is chaired by", "samordnas av")
_BY_VERB = r"(?:leds|ledd|ledda|leads?|chaired|led|headed|run|managed|samordnas|samordnad|coordinated|co-ordinated)\s+(?:av|by)"
_LEFT_VERB = re.compile(r"(?:\b(?:är|blir|var|is|was)|\b" + _BY_VERB + r")\s*:?\s*$", re.IGNORECASE)
_RIGHT_VERB = re.compile(  # "X (M) från Eksjö kommun leder …", "X, Region Y, är …"
    r"^\s*(?:\([A-ZÅÄÖ]{1,3}\))?"
    r"(?:\s+(?:of|from|från|vid|på|i)\s+(?:Region\s+)?[A-ZÅÄÖ][\w-]+(?:\s+(?:län|Härjedalen|kommun|stad))?"
    r"|\s*\((?:Region\s+)?[A-ZÅÄÖ][\w -]{2,30}\))?"
    r"\s*(?:,\s*)?(?:(?:som\s+)?(?:också\s+|även\s+)?(?:är|blir|var|is|was|serves\s+as|acts\s+as|fungerar\s+som|tjänstgör\s+som)\s+"
    r"(?:även\s+|också\s+|also\s+|the\s+|a\s+)?"
    r"|(leder|leads|heads|chairs|samordnar|coordinates)\s+)",
    re.IGNORECASE,
)
_VERB_FORMS = {
    "leder", "leds", "ledd", "lead", "leads", "heads", "chairs", "chaired", "narvarande", "present", "representerar",
    "represents", "contact", "justeras", "head",
}
# "Nämnden väljer X till vice ordförande", "X valdes till ordförande", "appointed X as secretary".
_ELECTED = re.compile(
    r"^\s*(?:\(\w{1,3}\)\s*)?(?:,\s*[^,.;]{2,40},\s*)?((?:har\s+)?(?:valts|valdes|väljs|utsågs|utses|utsetts|omvaldes|was\s+elected"
    r"|was\s+appointed)\s+)?(?:till|as|to\s+be)\s+(?:ny\s+|nya\s+|new\s+|the\s+)?([^.,;]{3,60})",
    re.IGNORECASE,
)
# "X valdes att jämte ordföranden justera protokollet", "X utsågs att föra protokollet": a task that is a role
_ELECTED_TO_DO = re.compile(r"^\s*(?:\(\w{1,3}\)\s*)?(?:har\s+)?(?:valts|valdes|väljs|utsågs|utses|was\s+elected|was\s+appointed)\s+"
                            r"(?:att|to)\s+(?:jämte\s+\S+\s+|together\s+with\s+the\s+\S+\s+)?([^.,;]{3,60})", re.IGNORECASE)
_ELECT_VERB = re.compile(r"\b(?:väljer|valde|utser|utsåg|utsett|omväljer|omvalde|elects?|elected|appoints?|appointed)\s*$", re.IGNORECASE)
# Swedish inverted order: "Sedan 2023 är [titel] X ordförande (i Y)." A verb shortly before the
# name and a role phrase right after it, closing the clause.
_INVERTED = re.compile(r"^(?:\s*\(\w{1,3}\))?(?:\s*,\s*(?:Region\s+)?[A-ZÅÄÖ][^,.;]{2,40},)?"  # "(S), Region Gotland,"
                       r"\s+((?:vice\s+|biträdande\s+)?[a-zåäöé]+(?:\s+(?:i|för|of|in)\s+[^.,;:]{2,60}?)?)"
                       r"\s*(?:[.;:]|$|\s+(?:och|samt|and)\s+(?=[A-ZÅÄÖ]))")  # "… ordförande och Fredrik Wallin (M) …"
# A role after an apposition: "Anna Berg, direktör i Region Y, som är sammankallande", "… där Anna
# Berg, socialchef i X kommun, är ordförande".
_APPOSITION_ROLE = re.compile(
    r"^\s*,\s*[^,.;]{3,80},\s*(?:(?:som|who)\s+)?(?:också\s+|även\s+|also\s+)?(?:är|is|acts\s+as)\s+(?:the\s+)?([^.,;]{3,60})", re.IGNORECASE
)
# "X, med NN som kontaktperson", "the group, with NN as chair": the role NN holds in X.
_WITH_AS = re.compile(r"(?:^|[.;:]\s)([^.;:,]{3,80}?),?\s+(?:med|with)\s*$", re.IGNORECASE)
_AS_ROLE = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?(?:som|as)\s+(?:the\s+|its\s+)?([^.,;]{3,60})", re.IGNORECASE)
_INVERTED_VERB = re.compile(r"(?:^|\s)(?:är|blir|var|blev)(?:\s|$)", re.IGNORECASE)
_HONORIFICS = {"dr", "doktor", "prof", "professor", "docent", "med", "mr", "mrs", "ms", "fru", "herr"}
_SUBJECT_TRIM = re.compile(r"^(?:det|den|de|the|och|samt|även)\s+", re.IGNORECASE)


def prose_people(sentence: str) -> list[tuple[Entry, str]]:
    """People in running prose: a known first name next to a role phrase or a leading verb."""
    sentence = sentence[:400]
    found: list[tuple[Entry, str]] = []
    previous: tuple[int, list[tuple[str, str, str]]] = (-1, [])  # end of the last person with roles, and them
    for run in _runs(sentence):
        words = run.text.split()
        while len(words) > 2 and not is_person_like(words, strict=True):
            words = words[1:]  # "Enligt Åsa Bellander": a capitalised word before the name
        if not 2 <= len(words) <= 4 or not is_person_like(words, strict=True):
            continue
        name = " ".join(words)
        start = run.end - len(name)
        left, right = sentence[:start], sentence[run.end :]
        results = _roles_from_context(left, right)
        after = right.split()
        if not results and after and after[0][:1].isupper() and len(sentence.split()) <= 10 and (role := canonical_role(after[0])):
            results = [(role, "", "")]  # a card read as one line: "Åsa Lindgren Samordnare Nära vård 023-..."
        between = sentence[previous[0] : start] if previous[0] >= 0 else ""
        if not results and re.fullmatch(r"\s*(?:\([^()]{0,40}\))?\s*(?:,|,?\s*(?:och|and|samt))\s*", between):
            results = [(role, body, "") for role, body, _ in previous[1]]  # "members Petra Dahl and Jamal Idris"
        if results:
            previous = (run.end, results)
        organisation = next((r[2] for r in results if r[2]), "")
        for role, body, _ in results:
            found.append((Entry(name, role=role, organisation=organisation), body))
    return found


def last_person(sentence: str) -> str:
    """The last person a sentence names (a known first name and a surname): whom a "Hon"/"Han"
    opening the next sentence means."""
    name = ""
    for run in _runs(sentence[:400]):
        words = run.text.split()
        while len(words) > 2 and not is_person_like(words, strict=True):
            words = words[1:]
        if 2 <= len(words) <= 4 and is_person_like(words, strict=True):
            name = " ".join(words)
    return name


def _roles_from_context(left: str, right: str) -> list[tuple[str, str, str]]:
    """Every (role, body, region) the words around a name give it: a role before ("Ordförande i
    styrgruppen är X"), after ("X, som är kontaktperson för ...") and in an apposition ("X, överläkare")."""
    results = []
    words = left.split()
    for size in (1, 2, 3):  # a title of one to three words: "regiondirektör", "Head of Centre"
        title = " ".join(words[-size:]).strip(",:")
        verb_before = _LEFT_VERB.search(" ".join(words[-8 - size : -size]))
        if len(words) >= size + 2 and canonical_role(title) and fold(words[-1]) not in _VERB_FORMS and verb_before:
            # "leds av regiondirektör Anders Hultgren", "Sekreterare är utvecklingsledare Sofie Åberg": the verb's
            # role, and the title before the name
            verb_role = _role_before(" ".join(words[:-size]) + " ", right)
            if verb_role:
                results.append(verb_role)
            break
    with_as = _WITH_AS.search(left)
    role_as = _AS_ROLE.match(right) if with_as else None
    if with_as and role_as and (role := canonical_role(" ".join(role_as.group(1).split()[:3]))):
        # "Arbetsgruppen för leversjukdomar, med Frida Nordin (Region Kronoberg) som kontaktperson"
        results.append((role, _subject_body(_SUBJECT_TRIM.sub("", with_as.group(1).strip())), region_of(role_as.group(0))))
    titled = re.search(r"\b(?:är|is)\s+(?:en\s+|a\s+)?([a-zåäöé][\w-]{2,})\s*$", left)
    if titled and not canonical_role(titled.group(1)) and not results:
        # "Nämndens sekreterare är utredare X": a job title outside the role words between verb and name
        verb_role = _role_before(left[: titled.start(1)], right)
        if verb_role:
            results.append(verb_role)
    before = _role_before(left, right)
    if before and all(before[0] != r[0] for r in results):
        results.append(before)
    after = _role_from_context(right, "", after_only=True)
    if after and all(after[0] != r[0] for r in results):
        results.append(after)
    later = _APPOSITION_ROLE.match(right)
    if later and (role := canonical_role(" ".join(later.group(1).split()[:4]))) and all(role != r[0] for r in results):
        results.append((role, *role_tail(later.group(1))))  # "X, direktör i Region Y, som är sammankallande"
    inverted = _INVERTED.match(right)
    if inverted and _INVERTED_VERB.search(" ".join(words[-7:])):
        role = canonical_role(" ".join(inverted.group(1).split()[:3]))  # "Under 2024 är X ordförande."
        if role and all(role != r[0] for r in results):
            body, region = role_tail(inverted.group(1))
            results.append((role, body, region or _near_region(right[: inverted.start(1)]) or region_of(right[: inverted.start(1)])))
    task = _ELECTED_TO_DO.match(right)
    if task and (role := canonical_role(task.group(1))) in ("justerare", "sekreterare") and all(role != r[0] for r in results):
        results.append((role, "", ""))
    elected = _ELECTED.match(right)
    if elected and (elected.group(1) or _ELECT_VERB.search(" ".join(words[-4:]))):
        role = canonical_role(" ".join(elected.group(2).split()[:4]))
        if role and all(role != r[0] for r in results):
            body, region = role_tail(elected.group(2))
            results.append((role, body, region))
    return results


def _role_from_context(right: str, left: str, after_only: bool = False) -> tuple[str, str, str] | None:
    """(role, body, region) for a name from the words after it."""
    verb = _RIGHT_VERB.match(right)
    if verb:
        rest = right[verb.end() :]
        if verb.group(1):  # "X leder tjänstemannaberedningen"
            body = _phrase(rest)
            verb_word = fold(verb.group(1))
            role = ("ordförande" if verb_word == "chairs"
                    else "samordnare" if verb_word.startswith(("samordnar", "coordinat")) else "ledare")
            return (role, body, region_of(rest[:120])) if body and names_body(body) else None
        role = canonical_role(" ".join(rest.split()[:4]))
        if role:
            body, region = role_tail(rest)
            return role, body, region or region_of(right[: verb.end()]) or _near_region(rest)
    apposition = re.match(r"^\s*,\s*([^,.;]{3,80})", right)
    if apposition and (role := canonical_role(" ".join(apposition.group(1).split()[:4]))):
        body, region = role_tail(apposition.group(1))
        return role, body, region or _near_region(apposition.group(1))
    if apposition:
        m = re.match(r"(?:som\s+)?(?:också\s+|även\s+)?(?:är|is)\s+(.*)", apposition.group(1))
        if m and (role := canonical_role(" ".join(m.group(1).split()[:4]))):
            body, region = role_tail(m.group(1))
            return role, body, region or _near_region(m.group(1))
    return None


def _role_before(left: str, right: str) -> tuple[str, str, str] | None:
    """The role the words just before a name give it."""
    words = left.split()
    while words and fold(words[-1]).rstrip(".") in _HONORIFICS:
        words.pop()
    left = " ".join(words) + " "
    clause = re.search(r"(?:^|[.;:]\s)([^,.;:]{3,80}),\s*$", left)
    if clause and len(clause.group(1).split()) <= 8:  # "The coordinator of the network, Jenny Pettersson"
        lead = _SUBJECT_TRIM.sub("", clause.group(1).strip())
        role = canonical_role(" ".join(lead.split()[:3]))
        if role and fold(lead.split()[0]) not in _VERB_FORMS:
            body, region = role_tail(lead)
            return role, body or _genitive_body(lead), region or _near_region(right[:100])
    window = " ".join(words[-8:])
    left_verb = _LEFT_VERB.search(window)
    if left_verb:
        lead = window[: left_verb.start()]
        role = canonical_role(lead)
        if re.search(r"\b" + _BY_VERB + r"\s*:?\s*$", window, re.IGNORECASE):
            verb_at = re.search(r"\s(?:is\s+|are\s+|was\s+)?" + _BY_VERB.replace(r"\s+(?:av|by)", "") + r"\b[^\n]*$", left, re.IGNORECASE)
            subject = _SUBJECT_TRIM.sub("", left[: verb_at.start() if verb_at else 0].strip())
            subject = re.sub(r",\s*(?:som|which|that|who)\b[^,]*,?\s*$", "", subject).strip()  # "X, som förbereder Y,"
            subject = re.sub(r"\s+(?:is|are|was|were|är|var|blir|has\s+been)$", "", subject, flags=re.IGNORECASE)
            verb = fold(window[left_verb.start() :])
            role = "ordförande" if "chaired" in verb else "samordnare" if re.search(r"samordna|ordinated", verb) else "ledare"
            subject = _subject_body(subject)
            return role, subject if names_body(subject) else "", region_of(subject)
        if role:
            body, region = role_tail(lead)
            body = body or _genitive_body(lead)
            return role, body, region or _near_region(right[:100])
        return None
    last = words[-1].strip(",:") if words else ""
    role = canonical_role(last) if last else ""
    if role and len(words) >= 2:  # "Vice ordförande Anna Berg", "1:e v. ordf. Anna Berg": the qualified role
        for size in (4, 3, 2):
            qualified = canonical_role(" ".join(words[-size:]))
            if qualified != role and qualified.endswith(" " + role) and not re.search(r"-\s+(?:och|eller)\s", qualified):
                role = qualified
                break
    if role and fold(last) not in _VERB_FORMS:  # "regiondirektör Åsa Bellander", "enligt ordförande X"
        return role, "", _near_region(right[:100])
    return None


def _subject_body(subject: str) -> str:
    """The body a passive sentence's subject names: the subject itself when short, else the body
    phrase in it ("The steering group meets four times a year and" -> "steering group")."""
    if len(subject.split()) <= 6:
        return subject
    words = subject.split()
    for end in range(len(words), 0, -1):
        if names_body(words[end - 1]):
            start = max(0, end - 3)
            return " ".join(w for w in words[start:end] if fold(w) not in ("the", "den", "det", "its", "dess"))
    return subject


def _genitive_body(text: str) -> str:
    """"Styrgruppens sekreterare" -> "Styrgruppen"."""
    for word in text.split():
        if word.endswith("s") and names_body(word[:-1]):
            return word[:-1]
    return ""


def _near_region(text: str) -> str:
    m = re.search(r"\b(?:från|i|vid|på|from|in|at)\s+((?:Region\s+)?[A-ZÅÄÖ][\w-]+(?:\s+(?:län|Härjedalen))?)", text)
    return region_of(m.group(1)) if m else ""


def _phrase(text: str) -> str:
    """The noun phrase at the start of a text, up to punctuation or a clause word."""
    m = re.match(r"\s*([^,.;:!?]{2,80}?)(?=\s+(?:och|samt|som|där|med|and|which|who)\b|[,.;:!?]|$)", text)
    return m.group(1).strip() if m else ""
