"""Words for matching: normalized, stemmed and stop-word-free terms of a claim, per language.

One function decides what a "term" is, so the in-memory index, the bench and the database
full-text column that wave 2 fills (``index_terms``) agree term for term: the database then
indexes these terms with a plain whitespace tokenizer (FTS5 ``unicode61``, PostgreSQL's
``simple`` configuration) and both engines see the same words.

The steps, and why:

- NFKC folds compatibility forms (full-width digits, ligatures, superscripts) to plain ones.
- Numbers keep their value whatever the locale writes: ``3,4`` and ``3.4`` are one term,
  ``3,400``, ``3 400`` and ``3.400`` (German thousands) are ``3400``.
- Words are stemmed with the Snowball stemmer of the text's language (the algorithms
  PostgreSQL's language configurations use), *then* stripped of accents and case-folded, so
  ``élections``, ``Elections`` and ``election`` meet at ``elect``.
- Stop words are dropped per language, but never negations: "not" carries the meaning of a
  claim, and the look-alike detector reads it.
- Scripts written without spaces (Chinese, Japanese, Thai...) become overlapping character
  pairs, the usual way to index them without a dictionary.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

# Language subtag -> Snowball algorithm. Teams outside this table get unstemmed terms.
_STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}

# Negations per language: never stop words (see the module docstring).
NEGATIONS = {
    "en": {
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "unable",
    },
    "fr": {"ne", "pas", "jamais", "aucun", "aucune", "sans", "ni", "personne", "rien"},
    "es": {"no", "nunca", "jamás", "ningún", "ninguna", "ninguno", "sin", "ni", "nadie", "nada"},
    "pt": {"não", "nunca", "jamais", "nenhum", "nenhuma", "sem", "nem", "ninguém", "nada"},
    "de": {"nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne", "weder"},
    "it": {"non", "mai", "nessun", "nessuno", "nessuna", "senza", "né", "niente", "nulla"},
    "nl": {"niet", "geen", "nooit", "zonder", "niemand", "niets"},
}

# The most frequent function words of each language, short on purpose: a word that is left in
# costs little under BM25 (its IDF is low), a word wrongly dropped loses a match.
_STOP_WORDS = {
    "en": """a an and are as at be been being but by can could did do does for from had has
        have he her his i if in into is it its may might of on or our she should so than that
        the their them then there these they this those to too was we were what when where which
        while who whom why will with would you your says said claim claims""",
    "fr": """au aux avec ce ces c cet cette d dans de des du elle elles en est et été être il
        ils je l la le les leur leurs lui ma mais me mes mon n nous on ont ou où par pour qu que
        qui s sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y a été""",
    "es": """a al algo como con de del el ella ellas ellos en entre era es esa ese eso esta
        este esto fue ha han hay la las le les lo los me mi más o para pero por que se ser
        si son su sus también te tu un una uno y ya""",
    "pt": """a ao aos as com como da das de do dos e ela elas ele eles em entre era essa esse
        esta este está foi for há isso isto já la lhe mais mas me mesmo meu minha na nas no nos
        o os ou para pela pelas pelo pelos por qual que se ser seu sua são também te tem um uma""",
    "de": """aber als am an auch auf aus bei bin bis da das dass dem den der des die doch du
        ein eine einem einen einer eines er es für hat hatte ich ihr im in ist ja mit nach
        noch nur oder sein sich sie sind so über um und uns von vor war was wie wir wird zu zum
        zur""",
    "it": """a ad al alla alle anche che chi con da dal dalla de dei del della delle di e è
        ed gli ha hanno ho i il in la le lo ma mi ne nel nella o per più se si sono su sua
        suo tra un una uno""",
    "nl": """aan al als bij dan dat de der deze die dit door een en er had heb heeft het hij
        hoe in is je kan maar me met mij na naar nog of om onder ook op over te tot u uit van
        voor was wat we wel werd wie wij worden zal ze zich zij zijn""",
}
STOP_WORDS = {
    language: frozenset(words.split()) - NEGATIONS.get(language, set())
    for language, words in _STOP_WORDS.items()
}

# A number: digits with thousands separators (, . space, narrow no-break space, apostrophe)
# or one decimal mark. Matched before words so "3.4" stays one token.
_NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_TOKEN = re.compile(rf"(?P<num>{_NUMBER})|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)")
# Scripts written without spaces between words.
_UNSPACED = re.compile(
    r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def language_code(language: str | None) -> str:
    """The primary subtag of a language tag, lower case: ``"fr-BE"`` -> ``"fr"``."""
    if not language:
        return "en"
    return re.split(r"[-_]", language.strip(), maxsplit=1)[0].lower() or "en"


def fold(text: str) -> str:
    """``text`` in NFKC, case-folded, accents removed: the form terms are compared in."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


def number_value(raw: str) -> str:
    """The locale-free value of a number as written: ``"3,4"`` -> ``"3.4"``, ``"3 400"`` ->
    ``"3400"``, ``"1,234.5"`` -> ``"1234.5"``, ``"007"`` -> ``"7"``."""
    compact = re.sub(r"[\u00a0\u202f' ]", "", raw)
    groups = re.split(r"[.,]", compact)
    marks = re.findall(r"[.,]", compact)
    if not marks:
        integer, fraction = compact, ""
    elif len(groups) == 2 and len(groups[1]) != 3:
        integer, fraction = groups  # one mark not followed by three digits: a decimal mark
    elif len(set(marks)) == 2:
        integer, fraction = "".join(groups[:-1]), groups[-1]  # 1,234.5 or 1.234,5
    elif all(len(group) == 3 for group in groups[1:]):
        integer, fraction = "".join(groups), ""  # 3,400 or 1.234.567: thousands
    else:
        integer, fraction = groups[0], "".join(groups[1:])
    integer = integer.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{integer}.{fraction}" if fraction else integer


def raw_tokens(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` pairs for each number and word of ``text`` in NFKC, in order; ``kind``
    is ``"num"`` or ``"word"``. Unspaced scripts come out one character per word token."""
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text)):
        if match.group("num"):
            yield "num", match.group("num")
            continue
        word = match.group("word")
        if _UNSPACED.search(word):
            yield from _split_unspaced(word)
        else:
            yield "word", word


def _split_unspaced(word: str) -> Iterator[tuple[str, str]]:
    run = ""
    for char in word:
        if _UNSPACED.match(char):
            if run:
                yield "word", run
                run = ""
            yield "char", char
        else:
            run += char
    if run:
        yield "word", run


def terms(text: str, language: str | None = "en") -> list[str]:
    """The matching terms of ``text`` in order (with repeats): what BM25 counts."""
    return [term for term, _ in term_words(text, language)]


def term_words(
    text: str, language: str | None = "en", keep_stop_words: bool = False
) -> list[tuple[str, str]]:
    """``(term, word as written)`` for each term of ``text``; with ``keep_stop_words`` the
    stop words are terms too (the look-alike detector compares them)."""
    code = language_code(language)
    stop = frozenset() if keep_stop_words else STOP_WORDS.get(code, frozenset())
    stem = _stemmer(code)
    out: list[tuple[str, str]] = []
    run: list[str] = []  # consecutive characters of an unspaced script
    for kind, raw in raw_tokens(text):
        if kind == "char":
            run.append(raw)
            continue
        if run:
            out.extend(_character_pairs(run))
            run = []
        if kind == "num":
            out.append((number_value(raw), raw))
            continue
        # Elisions and possessives: l'économie -> économie, Biden's -> biden.
        word = _strip_clitics(raw.casefold().replace("’", "'"))
        if not word or word in stop or fold(word) in stop:
            continue
        out.append((fold(stem(word)), raw))
    if run:
        out.extend(_character_pairs(run))
    return out


def _character_pairs(run: list[str]) -> list[tuple[str, str]]:
    """Overlapping pairs of a run of unspaced characters; a lone character stays itself."""
    if len(run) == 1:
        return [(fold(run[0]), run[0])]
    return [(fold(a + b), a + b) for a, b in itertools.pairwise(run)]


def index_terms(text: str, language: str | None = "en") -> str:
    """The terms of ``text`` as one space-separated string: the column wave 2's full-text
    index holds (indexed with a whitespace tokenizer, so both databases see these terms)."""
    return " ".join(terms(text, language))


def content_length(text: str, language: str | None = "en") -> int:
    """How many terms ``text`` has: the short-text penalty's measure."""
    return len(terms(text, language))


_CLITIC = re.compile(r"^(?:[cdjlmnst]|qu|all|dell|nell|sull|dall)'(?=\w)|'s$|'$")


def _strip_clitics(word: str) -> str:
    return _CLITIC.sub("", word)


@lru_cache(maxsize=64)
def _stemmer(code: str):
    algorithm = _STEMMERS.get(code)
    if algorithm is None:
        return _identity
    stemmer = snowballstemmer.stemmer(algorithm)
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        # Snowball stemmers are pure Python; the words of a newsroom's archive repeat a lot.
        found = cache.get(word)
        if found is None:
            found = stemmer.stemWord(word)
            if len(cache) < 200_000:
                cache[word] = found
        return found

    return stem


def _identity(word: str) -> str:
    return word
