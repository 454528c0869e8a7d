"""Look-alikes: what differs between a claim and an earlier fact-check that reads almost the same.

"Unemployment fell to 3.4%" and "Unemployment fell to 4.3%" share every word; a ranking by
words or by meaning puts them side by side, yet the verdict of one says nothing about the
other. ``differences(query, candidate)`` reads the facts each text states (numbers with their
unit, money, dates, names, negation, the direction of a change) and returns those that clash,
as written on each side, so the desk can show them and the ranking can keep such a candidate
from being linked on its own.

A fact only one side states is not a clash (a paraphrase may leave out the month); two sides
clash on a kind of fact when each states a value the other does not ("3.4%" against "4.3%"),
or, for negation, when one side denies what the other asserts. Names are compared only
between texts of the same language: "Germany" and "Allemagne" are the same country.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from annotate.matching.tokens import NEGATIONS, STOP_WORDS, fold, language_code, number_value

NUMBER = "number"
PERCENT = "percent"
AMOUNT = "amount"
DATE = "date"
NAME = "name"
NEGATION = "negation"
DIRECTION = "direction"
KINDS = (NUMBER, PERCENT, AMOUNT, DATE, NAME, NEGATION, DIRECTION)


@dataclass(frozen=True)
class Fact:
    """One fact a text states: its kind, a value comparable across languages, and the words
    that state it (as written)."""

    kind: str
    value: object
    text: str


@dataclass(frozen=True)
class Difference:
    """A kind of fact on which the two texts clash, with what each side says that the other
    does not (as written)."""

    kind: str
    query: tuple[str, ...]
    candidate: tuple[str, ...]

    def describe(self) -> str:
        """One line for the desk: ``number: 3.4% here, 4.3% in the fact-check``."""
        here = ", ".join(self.query) or "nothing"
        there = ", ".join(self.candidate) or "nothing"
        return f"{self.kind}: {here} here, {there} in the fact-check"


_NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_PERCENT_WORDS = (
    r"%|percent\b|per\s+cent\b|pour\s*cent\b|por\s+ciento\b|por\s+cento\b|prozent\b"
    r"|per\s+cento\b|procent\b|pct\b|percentage\s+points?\b|points?\s+de\s+pourcentage\b"
)
_SCALE = {
    "thousand": 10**3,
    "thousands": 10**3,
    "mille": 10**3,
    "mil": 10**3,
    "tausend": 10**3,
    "k": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "millón": 10**6,
    "millones": 10**6,
    "milhão": 10**6,
    "milhões": 10**6,
    "millionen": 10**6,
    "milioni": 10**6,
    "milione": 10**6,
    "miljoen": 10**6,
    "mio": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "milliard": 10**9,
    "milliards": 10**9,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "miliardi": 10**9,
    "miljard": 10**9,
    "bn": 10**9,
    "mil millones": 10**9,
    "bilhão": 10**9,
    "bilhões": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
    "billón": 10**12,
    "billones": 10**12,
    "trilhão": 10**12,
    "trilhões": 10**12,
    "billionen": 10**12,
    "tn": 10**12,
}
_SCALE_WORDS = "|".join(sorted((re.escape(w) for w in _SCALE), key=len, reverse=True))
_CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₦": "NGN",
    "r$": "BRL",
    "₱": "PHP",
    "₺": "TRY",
    "₽": "RUB",
}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "dólares": "USD",
    "dólar": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
    "rand": "ZAR",
    "zar": "ZAR",
    "naira": "NGN",
    "ngn": "NGN",
    "shillings": "KES",
    "kes": "KES",
    "rupees": "INR",
    "inr": "INR",
    "reais": "BRL",
    "brl": "BRL",
    "pesos": "MXN",
    "yen": "JPY",
}
_SYMBOL = "|".join(sorted((re.escape(s) for s in _CURRENCY_SYMBOLS), key=len, reverse=True))
_CURRENCY_WORD = "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<sym>{_SYMBOL})?\s?(?P<num>{_NUMBER})(?:\s?(?P<scale>{_SCALE_WORDS})\b)?"
    rf"(?:\s?(?P<pct>{_PERCENT_WORDS})|\s?(?P<cur>{_CURRENCY_WORD})\b)?",
    re.IGNORECASE,
)
_MONTHS = {
    1: "january jan janvier janv enero ene janeiro jan januar gennaio januari",
    2: "february feb février fév fevrier febrero feb fevereiro fev februar febbraio februari",
    3: "march mar mars marzo março marco märz maerz maart",
    4: "april apr avril abril aprile",
    5: "may mai mayo maio maggio mei",
    6: "june jun juin junio junho juni giugno",
    7: "july jul juillet julio julho juli luglio",
    8: "august aug août aout agosto augustus",
    9: "september sep sept septembre septiembre setembro settembre",
    10: "october oct octobre octubre outubro oktober ottobre",
    11: "november nov novembre noviembre novembro",
    12: "december dec décembre decembre diciembre dezembro dezember dicembre",
}
_MONTH_OF = {fold(name): month for month, names in _MONTHS.items() for name in names.split()}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTH_OF), key=len, reverse=True))
_ISO_DATE = re.compile(
    r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])\b"
)
_SLASH_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?P<y>(?:1[89]|20)\d\d)\b")
_TEXT_DATE = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th|er|º)?\s+(?:de\s+)?)?(?P<month>{_MONTH})\.?"
    rf"(?:\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b)?(?:,?\s+(?:de\s+)?(?P<y>(?:1[89]|20)\d\d)\b)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)s?\b")
_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "hundred": 100,
    "dozen": 12,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "dois": 2,
    "duas": 2,
    "três": 3,
    "quatro": 4,
    "sete": 7,
    "oito": 8,
    "nove": 9,
    "dez": 10,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "sei": 6,
    "sette": 7,
    "otto": 8,
    "dieci": 10,
}
_NUMBER_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# Words for the direction of a change, by their folded prefix (stems cover the inflections).
_UP = (
    "increas",
    "rise",
    "rose",
    "risen",
    "rising",
    "grew",
    "grow",
    "jump",
    "soar",
    "climb",
    "doubl",
    "tripl",
    "higher",
    "gain",
    "surg",
    "augment",
    "hausse",
    "monte",
    "aumen",
    "subi",
    "crec",
    "crescer",
    "cresc",
    "stieg",
    "gestiegen",
    "steig",
    "aument",
)
_DOWN = (
    "decreas",
    "fell",
    "fall",
    "fallen",
    "drop",
    "declin",
    "lower",
    "shrank",
    "shrink",
    "plung",
    "halv",
    "cut",
    "slump",
    "dimin",
    "baiss",
    "chute",
    "recul",
    "redu",
    "cayo",
    "cay",
    "bajo",
    "baj",
    "cai",
    "caiu",
    "queda",
    "sank",
    "gesunken",
    "sink",
    "calo",
    "cala",
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NAME_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*(?:['’][^\W\d_]+)*")
_NEGATION_CLITIC = re.compile(r"n['’]t\b|\bn['’](?=[^\W\d_])", re.IGNORECASE)
_ALL_NEGATIONS = {fold(word) for words in NEGATIONS.values() for word in words}
_ALL_STOP = {fold(word) for words in STOP_WORDS.values() for word in words} | _ALL_NEGATIONS


def facts(text: str, language: str | None = "en") -> list[Fact]:
    """The facts ``text`` states, in order of kind."""
    text = unicodedata.normalize("NFKC", text)
    taken: list[tuple[int, int]] = []
    found = _dates(text, taken)
    found += _quantities(text, taken)
    found += _number_words(text, taken)
    found += _names(text, taken)
    found += _negation(text, language)
    found += _direction(text)
    return found


def differences(
    query: str,
    candidate: str,
    query_language: str | None = "en",
    candidate_language: str | None = None,
) -> tuple[Difference, ...]:
    """The kinds of fact on which ``query`` and ``candidate`` clash (empty when none do)."""
    candidate_language = candidate_language or query_language
    mine = facts(query, query_language)
    theirs = facts(candidate, candidate_language)
    same_language = language_code(query_language) == language_code(candidate_language)
    out: list[Difference] = []
    for kind in KINDS:
        if kind == NAME and not same_language:
            continue
        here = [fact for fact in mine if fact.kind == kind]
        there = [fact for fact in theirs if fact.kind == kind]
        difference = _clash(kind, here, there)
        if difference is not None:
            out.append(difference)
    return tuple(out)


def _clash(kind: str, here: list[Fact], there: list[Fact]) -> Difference | None:
    if kind == NEGATION:
        if bool(here) == bool(there):
            return None
        return Difference(kind, _texts(here), _texts(there))
    if not here or not there:
        return None
    only_here = [fact for fact in here if not any(_agree(fact, other) for other in there)]
    only_there = [fact for fact in there if not any(_agree(fact, other) for other in here)]
    if kind == DIRECTION:
        # Either side may also use a neutral word; a clash is an up against a down.
        if {f.value for f in here}.isdisjoint({f.value for f in there}):
            return Difference(kind, _texts(here), _texts(there))
        return None
    if only_here and only_there:
        return Difference(kind, _texts(only_here), _texts(only_there))
    return None


def _agree(a: Fact, b: Fact) -> bool:
    if a.kind == DATE:
        # (year, month, day): parts both sides give must be equal.
        return all(x is None or y is None or x == y for x, y in zip(a.value, b.value, strict=True))
    return a.value == b.value


def _texts(found: Iterable[Fact]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for fact in found:
        seen.setdefault(fact.text, None)
    return tuple(seen)


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def _dates(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
    for match in _ISO_DATE.finditer(text):
        value = (int(match["y"]), int(match["m"]), int(match["d"]))
        out.append(Fact(DATE, value, match.group()))
        taken.append(match.span())
    for match in _TEXT_DATE.finditer(text):
        if not _free(match.span(), taken):
            continue
        month = _MONTH_OF[fold(match["month"])]
        day_text = match["d1"] or match["d2"]
        day = int(day_text) if day_text and 1 <= int(day_text) <= 31 else None
        year = int(match["y"]) if match["y"] else None
        if day is None and year is None and len(match["month"]) <= 3:
            continue  # "may", "mar" alone are words more often than months
        if fold(match["month"]) in {"may", "mai", "mar", "sept"} and year is None and day is None:
            continue
        out.append(Fact(DATE, (year, month, day), match.group().strip()))
        taken.append(match.span())
    for match in _SLASH_DATE.finditer(text):
        if _free(match.span(), taken):
            out.append(Fact(DATE, (int(match["y"]), None, None), match.group()))
            taken.append(match.span())
    for match in _YEAR.finditer(text):
        if not _free(match.span(), taken):
            continue
        after = text[match.end() : match.end() + 12]
        if re.match(rf"\s?(?:{_PERCENT_WORDS}|{_SCALE_WORDS}\b|{_CURRENCY_WORD}\b)", after, re.I):
            continue  # 2000 percent, 1900 million: quantities, not years
        if re.search(rf"(?:{_SYMBOL})\s?$", text[max(0, match.start() - 3) : match.start()]):
            continue
        year = int(match["y"])
        text_of = match.group()
        value = (year, None, None) if not text_of.endswith("s") else (year // 10 * 10, None, None)
        out.append(Fact(DATE, value, text_of))
        taken.append(match.span())
    return out


def _quantities(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
    for match in _QUANTITY.finditer(text):
        span = (match.start("num"), match.end())
        if not _free(span, taken):
            continue
        if match.start("num") > 0 and (text[match.start("num") - 1].isalpha()):
            continue  # COVID-19 keeps its dash; "G7", "A4" are names, not numbers
        value = float(number_value(match["num"]))
        scale = match["scale"]
        if scale:
            value *= _SCALE[scale.lower()]
        symbol = match["sym"]
        currency = _CURRENCY_SYMBOLS.get(symbol.lower()) if symbol else None
        if match["cur"]:
            currency = _CURRENCY_WORDS[match["cur"].lower()]
        written = match.group().strip()
        if match["pct"]:
            points = "point" in match["pct"].lower()
            out.append(Fact(PERCENT, (round(value, 6), points), written))
        elif currency:
            out.append(Fact(AMOUNT, (currency, round(value, 2)), written))
        else:
            out.append(Fact(NUMBER, round(value, 6), written))
        taken.append((match.start() if symbol else match.start("num"), match.end()))
    return out


def _number_words(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
    for match in _NUMBER_WORD.finditer(text):
        if _free(match.span(), taken):
            value = float(_NUMBER_WORDS[match.group().lower()])
            out.append(Fact(NUMBER, value, match.group()))
    return out


def _names(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Capitalized words that are not function words: "Biden", "NHS", "G7". A word that opens
    a sentence counts unless the text also writes it in lower case. A text in title case
    names nothing this way (every word would look like a name)."""
    words = list(_NAME_WORD.finditer(text))
    capitalized = [w for w in words if w.group()[0].isupper()]
    if len(words) >= 4 and len(capitalized) > 0.6 * len(words):
        return []
    lower = {fold(w.group()) for w in words if not w.group()[0].isupper()}
    out = []
    for word in words:
        token = word.group()
        folded = fold(re.sub(r"['’]s$", "", token))
        if not token[0].isupper() or folded in _ALL_STOP or folded in _MONTH_OF:
            continue
        if folded in lower or not _free(word.span(), taken):
            continue
        out.append(Fact(NAME, folded, token))
    return out


def _negation(text: str, language: str | None) -> list[Fact]:
    code = language_code(language)
    cues = {fold(word) for word in NEGATIONS.get(code, set())} or _ALL_NEGATIONS
    out = [Fact(NEGATION, True, match.group()) for match in _NEGATION_CLITIC.finditer(text)]
    for word in _WORD.finditer(text):
        if fold(word.group()) in cues:
            out.append(Fact(NEGATION, True, word.group()))
    return out


def _direction(text: str) -> list[Fact]:
    out = []
    for word in _WORD.finditer(text):
        folded = fold(word.group())
        if folded.startswith(_UP):
            out.append(Fact(DIRECTION, "up", word.group()))
        elif folded.startswith(_DOWN):
            out.append(Fact(DIRECTION, "down", word.group()))
    return out
