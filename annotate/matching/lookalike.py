"""Look-alikes: what differs between a claim and an earlier fact-check that reads almost the same.

"Unemployment fell to 3.4%" and "Unemployment fell to 4.3%" share every word; a ranking by
words or by meaning puts them side by side, yet the verdict of one says nothing about the
other. ``differences(query, candidate)`` reads the facts each text states (numbers with their
unit, money, dates, names, negation, the direction of a change) and returns those that clash,
as written on each side, so the desk can show them and the ranking can keep such a candidate
from being linked on its own.

A fact only one side states is not a clash (a paraphrase may leave out the month); two sides
clash on a kind of fact when each states a value the other does not ("3.4%" against "4.3%"),
or, for negation, when one side denies what the other asserts. When no fact clashes, two
near-identical texts that swap one word ("in women" / "in men") clash on their wording.
Names across languages and wording are uncertain clashes (``Difference.certain`` is False):
"Germany" and "Allemagne" are one country, "fell" and "dropped" one direction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from annotate.matching.tokens import (
    NEGATIONS,
    STOP_WORDS,
    fold,
    language_code,
    number_value,
    term_words,
    terms,
)

_fold = lru_cache(maxsize=65_536)(fold)

NUMBER = "number"
PERCENT = "percent"
AMOUNT = "amount"
DATE = "date"
NAME = "name"
NEGATION = "negation"
DIRECTION = "direction"
WORDING = "wording"
_INITIALS = "initials"  # not a kind of clash: the initials of names in a row
KINDS = (NUMBER, PERCENT, AMOUNT, DATE, NAME, NEGATION, DIRECTION)
# Kinds that change what a claim asserts; a wording difference may be a synonym.
HARD_KINDS = frozenset(KINDS)


@dataclass(frozen=True)
class Fact:
    """One fact a text states: its kind, a value comparable across languages, and the words
    that state it (as written)."""

    kind: str
    value: object
    text: str
    opens_sentence: bool = False  # a name at the start of a sentence may be a common word
    words: bool = False  # a number written in words


@dataclass(frozen=True)
class Difference:
    """A kind of fact on which the two texts clash, with what each side says that the other
    does not (as written)."""

    kind: str
    query: tuple[str, ...]
    candidate: tuple[str, ...]
    # False when the clash may be no clash at all: a swapped word may be a synonym, and a
    # name may be the same one in another language ("Germany", "Allemagne"). Such a
    # difference is shown and keeps the match from being auto-linked, but costs no score.
    certain: bool = True

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


def _table(spec: str) -> dict[str, str]:
    """``"VALUE: word word; VALUE: word"`` as ``{word: VALUE}``."""
    out = {}
    for entry in spec.split(";"):
        value, words = entry.split(":", 1)
        out.update(dict.fromkeys(words.split(), value.strip()))
    return out


_SCALE = {
    word: 10 ** int(power)
    for word, power in _table(
        """3: thousand thousands mille mil tausend k;
        6: million millions millón millones milhão milhões millionen milioni milione miljoen
           mio m mn;
        9: billion billions milliard milliards milliarde milliarden miliardi miljard bn
           bilhão bilhões;
        12: trillion trillions billón billones trilhão trilhões billionen tn"""
    ).items()
}
_SCALE_WORDS = "|".join(sorted((re.escape(w) for w in _SCALE), key=len, reverse=True))
# Symbols, and letter prefixes written against the digits ("KSh9.4", "N750", "R50").
_CURRENCY_SYMBOLS = _table(
    """USD: $ us$; EUR: €; GBP: £; JPY: ¥; INR: ₹ rs; NGN: ₦ n; BRL: r$; PHP: ₱; TRY: ₺; RUB: ₽;
    KES: ksh kes; GHS: gh₵ ₵ ghs; ZAR: r"""
)
_CURRENCY_WORDS = _table(
    """USD: dollar dollars usd dólares dólar dollari; EUR: euro euros eur;
    GBP: pound pounds gbp pfund libras sterling; ZAR: rand zar; NGN: naira nairas ngn;
    KES: shilling shillings; GHS: cedi cedis; INR: rupee rupees inr; BRL: real reais brl;
    MXN: pesos; JPY: yen"""
)
_SYMBOL = "|".join(sorted((re.escape(s) for s in _CURRENCY_SYMBOLS), key=len, reverse=True))
_CURRENCY_WORD = "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?:(?<![^\W\d_])(?P<sym>{_SYMBOL}))?\s?(?P<num>{_NUMBER})(?:\s?(?P<scale>{_SCALE_WORDS})\b)?"
    rf"(?:\s?(?P<pct>{_PERCENT_WORDS})|\s?(?P<cur>{_CURRENCY_WORD})\b)?",
    re.IGNORECASE,
)
_MONTH_OF = {
    fold(word): int(month)
    for word, month in _table(
        """1: january jan janvier janv enero ene janeiro januar gennaio januari;
        2: february feb février fév fevrier febrero fevereiro fev februar febbraio februari;
        3: march mar mars marzo março marco märz maerz maart; 4: april apr avril abril aprile;
        5: may mai mayo maio maggio mei; 6: june jun juin junio junho juni giugno;
        7: july jul juillet julio julho juli luglio; 8: august aug août aout agosto augustus;
        9: september sep sept septembre septiembre setembro settembre;
        10: october oct octobre octubre outubro oktober ottobre;
        11: november nov novembre noviembre novembro;
        12: december dec décembre decembre diciembre dezembro dezember dicembre"""
    ).items()
}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTH_OF), key=len, reverse=True))
_ISO_DATE = re.compile(
    r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])\b"
)
_YEAR_RANGE = re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)[-–/](?P<yy>\d\d)\b")  # 2021/22, 2022-23
_SLASH_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?P<y>(?:1[89]|20)\d\d)\b")
_TEXT_DATE = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th|er|º)?\s+(?:de\s+)?)?(?P<month>{_MONTH})\.?"
    rf"(?:\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b)?(?:,?\s+(?:de\s+)?(?P<y>(?:1[89]|20)\d\d)\b)?",
    re.IGNORECASE,
)
_SYMBOL_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{_SYMBOL})\s?$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)s?\b")
_NUMBER_WORDS = {
    word: float(value)
    for word, value in _table(
        """2: two deux dos dois duas zwei due; 3: three trois tres três drei tre;
        4: four quatre cuatro quatro vier quattro; 5: five cinq cinco fünf;
        6: six seis sechs sei; 7: seven sept siete sete sieben sette; 8: eight huit ocho oito
        acht otto; 9: nine neuf nueve nove neun; 10: ten dix diez dez zehn dieci;
        11: eleven; 12: twelve dozen; 20: twenty vingt veinte vinte zwanzig venti;
        30: thirty trente treinta trinta dreißig; 40: forty quarante cuarenta quarenta vierzig;
        50: fifty cinquante cincuenta cinquenta fünfzig; 60: sixty soixante sesenta sessenta;
        70: seventy; 80: eighty; 90: ninety; 100: hundred cent cien cem hundert"""
    ).items()
}
_NUMBER_WORD_KEYS = frozenset(fold(word) for word in _NUMBER_WORDS) | {"one", "un", "uno", "um"}
_NUMBER_WORD = re.compile(
    r"\b(?P<word>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|one|un|uno|um)\b"
    rf"(?:\s+(?P<scale>{_SCALE_WORDS})\b)?(?P<pct>\s+(?:{_PERCENT_WORDS}))?",
    re.IGNORECASE,
)
# Words for the direction of a change, by their folded prefix (stems cover the inflections).
_UP = tuple(
    [
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
        "cresc",
        "stieg",
        "gestiegen",
        "steig",
        "more",
        "added",
        "adds",
        "expand",
        "boost",
    ]
)
_DOWN = tuple(
    [
        "decreas",
        "fell",
        "fall",
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
        "bajo",
        "baj",
        "caiu",
        "queda",
        "sank",
        "gesunken",
        "sink",
        "calo",
        "fewer",
        "less",
        "lost",
        "lose",
        "loss",
        "losing",
        "slash",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Names that are one place under several forms (initials of names in a row are added per
# text: "United States" is "us", "European Union" "eu").
_ALIAS_GROUP = _table(
    """@us: us usa america american americans eeuu; @uk: uk britain british;
    @eu: eu european europe ue; @un: un onu; @fr: france french francais;
    @de: germany german germans deutschland allemagne alemania;
    @es: spain spanish spaniards espagne espana; @nl: netherlands dutch holland"""
)
_SENTENCE_END = re.compile(r"[.!?:;\"“”«»]\s*$")
_NAME_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*(?:['’][^\W\d_]+)*")
_NEGATION_CLITIC = re.compile(r"n['’]t\b|\bn['’](?=[^\W\d_])", re.IGNORECASE)
_ALL_NEGATIONS = frozenset(fold(word) for words in NEGATIONS.values() for word in words)
_NEGATION_CUES = {code: frozenset(fold(w) for w in words) for code, words in NEGATIONS.items()}
_ALL_STOP = {fold(word) for words in STOP_WORDS.values() for word in words} | _ALL_NEGATIONS
# Near-duplicates that differ by so few words are different claims until a person says not.
_WORDING_COMMON = 3
# Share of terms two texts must have in common for a negation clash to be sure.
_NEAR_DUPLICATE = 0.5
_STANCE = ("against", "anti", "oppos", "pro")
_UNIT_WORDS = (
    {fold(w) for w in _SCALE}
    | {fold(w) for w in _CURRENCY_WORDS}
    | set(_MONTH_OF)
    | {"percent", "cent", "pourcent", "ciento", "cento", "prozent", "procent", "pct", "point"}
)


def facts(text: str, language: str | None = "en") -> tuple[Fact, ...]:
    """The facts ``text`` states, grouped by kind."""
    return _facts(text, language_code(language))


@lru_cache(maxsize=65_536)
def _facts(text: str, code: str) -> tuple[Fact, ...]:
    # Cached: the same archived checks come back as candidates query after query.
    text = unicodedata.normalize("NFKC", text)
    words = [(match, _fold(match.group())) for match in _NAME_WORD.finditer(text)]
    folded = {word for _, word in words}
    taken: list[tuple[int, int]] = []
    found: list[Fact] = []
    has_digit = any(char.isdigit() for char in text)
    if has_digit or not folded.isdisjoint(_MONTH_OF):
        found += _dates(text, taken, has_digit)
    if has_digit:
        found += _quantities(text, taken)
    if not folded.isdisjoint(_NUMBER_WORD_KEYS):
        found += _number_words(text, taken)
    found += _names(text, words, taken)
    found += _negation(text, words, code)
    found += _direction(words)
    return tuple(found)


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
    magnitudes_clash = False
    for kind in KINDS:
        if kind == NUMBER:
            # Counts and money compare by magnitude: "$2.5 billion" is "2,500 million dollars".
            here = [fact for fact in mine if fact.kind in (NUMBER, AMOUNT)]
            there = [fact for fact in theirs if fact.kind in (NUMBER, AMOUNT)]
        elif kind == NAME:
            # Across languages only names inside a sentence: "Hot" and "Agua" open theirs.
            here = [f for f in mine if f.kind == NAME and (same_language or not f.opens_sentence)]
            there = [
                f for f in theirs if f.kind == NAME and (same_language or not f.opens_sentence)
            ]
        else:
            here = [fact for fact in mine if fact.kind == kind]
            there = [fact for fact in theirs if fact.kind == kind]
        if kind == NAME:
            difference = _name_clash(here, there, _name_keys(mine), _name_keys(theirs))
        else:
            difference = _clash(kind, here, there)
        if difference is None or (kind == AMOUNT and magnitudes_clash):
            continue  # money whose magnitudes clash is already told
        magnitudes_clash = magnitudes_clash or kind == NUMBER
        if not _certain(difference, here, there, same_language, query, candidate):
            difference = replace(difference, certain=False)
        out.append(difference)
    if not out and same_language:
        wording = _wording(query, candidate, language_code(query_language))
        if wording is not None:
            out.append(wording)
    return tuple(out)


def _certain(
    difference: Difference,
    here: list[Fact],
    there: list[Fact],
    same_language: bool,
    query: str,
    candidate: str,
) -> bool:
    """Whether a clash is sure enough to cost the candidate score (see ``Difference``)."""
    told = set(difference.query) | set(difference.candidate)
    involved = [fact for fact in here + there if fact.text in told]
    if difference.kind == NAME:
        # Sure only within one language and with a name inside a sentence on each side: an
        # opening word may be a common one ("Using", "Taking"), a name abroad translated.
        inside_here = any(f.text in difference.query and not f.opens_sentence for f in here)
        inside_there = any(f.text in difference.candidate and not f.opens_sentence for f in there)
        return same_language and inside_here and inside_there
    if difference.kind in (NUMBER, PERCENT):
        # "four decades" is "40 years": numbers written as words are read loosely.
        return not any(fact.words for fact in involved)
    if difference.kind == NEGATION:
        # "no bank holiday" is "the bank holiday is cancelled": sure only between two texts
        # that say nearly the same thing otherwise.
        return _overlap(query, candidate) >= _NEAR_DUPLICATE
    return True


def _overlap(query: str, candidate: str) -> float:
    mine = set(terms(query)) - _ALL_NEGATIONS
    theirs = set(terms(candidate)) - _ALL_NEGATIONS
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / len(mine | theirs)


def _clash(kind: str, here: list[Fact], there: list[Fact]) -> Difference | None:
    if kind == NEGATION:
        if bool(here) == bool(there):
            return None
        return Difference(kind, _texts(here), _texts(there))
    if not here or not there:
        return None
    if kind == DIRECTION:
        # Either side may also use a neutral word; a clash is an up against a down.
        if {f.value for f in here}.isdisjoint({f.value for f in there}):
            return Difference(kind, _texts(here), _texts(there))
        return None
    only_here = [fact for fact in here if not any(_agree(kind, fact, other) for other in there)]
    only_there = [fact for fact in there if not any(_agree(kind, fact, other) for other in here)]
    if only_here and only_there:
        money = all(fact.kind == AMOUNT for fact in only_here + only_there)
        return Difference(AMOUNT if money else kind, _texts(only_here), _texts(only_there))
    return None


def _name_clash(
    here: list[Fact], there: list[Fact], here_keys: set[str], there_keys: set[str]
) -> Difference | None:
    """Names each side gives that the other does not know by any of its forms."""
    if not here or not there:
        return None
    only_here = [f for f in here if not _known(f.value, there_keys)]
    only_there = [f for f in there if not _known(f.value, here_keys)]
    if only_here and only_there:
        return Difference(NAME, _texts(only_here), _texts(only_there))
    return None


def _name_keys(found: tuple[Fact, ...]) -> set[str]:
    """Every form a side's names go by: themselves, their alias groups ("US", "America" and
    "United States" are one) and the initials of names written in a row ("European Union"
    is "EU")."""
    keys: set[str] = set()
    for fact in found:
        if fact.kind in (NAME, _INITIALS):
            keys.add(fact.value)
            keys.add(_ALIAS_GROUP.get(fact.value, fact.value))
    return keys


def _known(name: str, keys: set[str]) -> bool:
    if name in keys or _ALIAS_GROUP.get(name, name) in keys:
        return True
    # "Nigeria" and "Nigerian", "Turkey" and "Turkish": one stem, four letters or more.
    for key in keys:
        common = next(
            (i for i, (a, b) in enumerate(zip(name, key, strict=False)) if a != b),
            min(len(name), len(key)),
        )
        if common >= 4 and common * 2 >= min(len(name), len(key)):
            return True
    return False


def _wording(query: str, candidate: str, code: str) -> Difference | None:
    """Two texts that share most words but swap one ("in women" / "in men", "cures cancer" /
    "cures diabetes") or add a word of stance ("voted against"): a different claim as far as
    a machine can tell, whatever the other facts say."""
    mine, theirs = _word_terms(query, code), _word_terms(candidate, code)
    common = mine.keys() & theirs.keys()
    only_mine, only_theirs = mine.keys() - common, theirs.keys() - common
    if len(common) < _WORDING_COMMON:
        return None
    swap = len(only_mine) == len(only_theirs) == 1
    added = sorted(only_mine) + sorted(only_theirs)
    stance = len(added) == 1 and added[0].startswith(_STANCE)
    if not (swap or stance):
        return None
    return Difference(
        WORDING,
        tuple(mine[term] for term in sorted(only_mine)),
        tuple(theirs[term] for term in sorted(only_theirs)),
        certain=False,
    )


@lru_cache(maxsize=65_536)
def _word_terms(text: str, code: str) -> dict[str, str]:
    """Stemmed term -> the word as written, for the words of ``text`` that no other rule
    compares: numbers, units, months, negations and directions are left out."""
    out: dict[str, str] = {}
    for term, word in term_words(text, code):
        folded = _fold(word)
        if (
            word[:1].isdigit()
            or folded in _UNIT_WORDS
            or folded in _ALL_NEGATIONS
            or folded.startswith(_UP + _DOWN)
        ):
            continue
        out.setdefault(term, word)
    return out


def _agree(kind: str, a: Fact, b: Fact) -> bool:
    if kind == NUMBER:
        return _magnitude(a) == _magnitude(b)
    if a.kind == DATE:
        # (year, month, day): parts both sides give must be equal.
        return all(x is None or y is None or x == y for x, y in zip(a.value, b.value, strict=True))
    return a.value == b.value


def _magnitude(fact: Fact) -> object:
    return fact.value[1] if fact.kind == AMOUNT else fact.value


def _texts(found: Iterable[Fact]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for fact in found:
        seen.setdefault(fact.text, None)
    return tuple(seen)


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def _dates(text: str, taken: list[tuple[int, int]], has_digit: bool) -> list[Fact]:
    out = []
    if not has_digit:
        return _text_dates(text, taken)
    for match in _ISO_DATE.finditer(text):
        value = (int(match["y"]), int(match["m"]), int(match["d"]))
        out.append(Fact(DATE, value, match.group()))
        taken.append(match.span())
    out += _text_dates(text, taken)
    for match in _YEAR_RANGE.finditer(text):
        if _free(match.span(), taken):
            first = int(match["y"])
            last = first // 100 * 100 + int(match["yy"])
            out.append(Fact(DATE, (first, None, None), match.group()))
            out.append(Fact(DATE, (last, None, None), match.group()))
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
        if _SYMBOL_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
            continue  # $1900: money
        year = int(match["y"])
        text_of = match.group()
        value = (year, None, None) if not text_of.endswith("s") else (year // 10 * 10, None, None)
        out.append(Fact(DATE, value, text_of))
        taken.append(match.span())
    return out


def _text_dates(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
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
    return out


def _quantities(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
    for match in _QUANTITY.finditer(text):
        span = (match.start("num"), match.end())
        if not _free(span, taken):
            continue
        symbol = match["sym"]
        if not symbol and match.start("num") > 0 and text[match.start("num") - 1].isalpha():
            continue  # "G7", "A4", "5G" are names, not numbers
        value = float(number_value(match["num"]))
        scale = match["scale"]
        if scale:
            value *= _SCALE[scale.lower()]
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
        if not _free(match.span(), taken):
            continue
        word = match["word"].lower()
        if word in ("one", "un", "uno", "um"):
            if not match["pct"]:
                continue  # "one" is a number only in "one per cent"
            value = 1.0
        else:
            value = _NUMBER_WORDS[word]
        if match["scale"]:
            value *= _SCALE[match["scale"].lower()]
        if match["pct"]:
            fact = Fact(
                PERCENT, (value, "point" in match["pct"].lower()), match.group(), words=True
            )
        else:
            fact = Fact(NUMBER, round(value, 6), match.group(), words=True)
        out.append(fact)
        taken.append(match.span())
    return out


def _names(
    text: str, words: list[tuple[re.Match, str]], taken: list[tuple[int, int]]
) -> list[Fact]:
    """Capitalized words that are not function words: "Biden", "NHS", "G7". A word that opens
    a sentence counts unless the text also writes it in lower case. A text in title case
    names nothing this way (every word would look like a name)."""
    capitalized = [word for word, _ in words if word.group()[0].isupper()]
    if len(words) >= 4 and len(capitalized) > 0.6 * len(words):
        return []
    lower = {folded for word, folded in words if not word.group()[0].isupper()}
    out = []
    for index, (word, folded) in enumerate(words):
        token = word.group()
        if not token[0].isupper():
            continue
        if folded.endswith(("'s", "’s")):
            folded = folded[:-2]
        if folded in _ALL_STOP or folded in _MONTH_OF or folded in lower:
            continue
        if not _free(word.span(), taken):
            continue
        opens = index == 0 or bool(_SENTENCE_END.search(text, 0, word.start()))
        out.append(Fact(NAME, folded, token, opens_sentence=opens))
    return out + _initials(words)


def _initials(words: list[tuple[re.Match, str]]) -> list[Fact]:
    """The initials of each run of capitalized words ("World Health Organization": "who"),
    as hidden facts that only help names agree."""
    out = []
    run: list[str] = []
    for word, folded in [*words, (None, "")]:
        if word is not None and word.group()[0].isupper() and folded not in _ALL_STOP:
            run.append(folded)
            continue
        if word is not None and run and folded in ("of", "de", "du", "des", "del", "for"):
            continue  # "Bank of England", "Organisation des Nations unies"
        if len(run) >= 2:
            out.append(Fact(_INITIALS, "".join(part[0] for part in run), " ".join(run)))
        run = []
    return out


def _negation(text: str, words: list[tuple[re.Match, str]], code: str) -> list[Fact]:
    cues = _NEGATION_CUES.get(code, _ALL_NEGATIONS)
    out = [Fact(NEGATION, True, match.group()) for match in _NEGATION_CLITIC.finditer(text)]
    out += [Fact(NEGATION, True, word.group()) for word, folded in words if folded in cues]
    return out


def _direction(words: list[tuple[re.Match, str]]) -> list[Fact]:
    out = []
    for word, folded in words:
        if folded.startswith(_UP):
            out.append(Fact(DIRECTION, "up", word.group()))
        elif folded.startswith(_DOWN):
            out.append(Fact(DIRECTION, "down", word.group()))
    return out
