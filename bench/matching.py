""" "Checked before" matching: quality and latency over 1,000, 10,000 and 100,000 archived checks.

Run: .venv/bin/python bench/matching.py        (part of `make bench`)
     BENCH_MATCHING_FULL=1 ... embeds the whole 100,000 archive too (slow once, then cached)

The labelled set (``bench/matching_set.jsonl``, written for this bench) holds 94 fact-checked
claims with, for each, the query a checker would mark later: a paraphrase, for many a
translation (French, Spanish, German, Portuguese), a look-alike archived beside it (the same
claim with a number, date, name, negation or direction changed; some have their own query),
and an "altered" query whose fact matches no check at all. Twelve claims have an earlier check
too (two relevant answers; recency decides their order), 30 queries are novel claims and 20
archived "checks" are one- or two-word stubs. Around them: generated distractor claims on the
same topics, in English, French and Spanish, to fill the archive to each size (nested: the
1,000 are in the 10,000, which are in the 100,000).

Queries are split in two by claim: ``dev`` picks the fusion weight and the thresholds, ``test``
reports. Metrics over the queries that have an answer: MRR, recall@1, recall@5, MAP@5;
auto-link precision over every query (novel and altered ones included: any auto-link there
is wrong).

Candidates: the archive stands in memory as ``LexicalIndex`` (BM25 top 100), which plays the
database full-text engine wave 2 will query; with semantics, the nearest 100 stored vectors
(``VectorIndex``) join them. Latency is per query, end to end: terms, retrieval, the query's
embedding, ``rank`` (BM25 re-scoring with archive statistics, fusion, look-alikes).

Embeddings are cached under ``var/bench/`` by model and text (the first run embeds them:
a few minutes; later runs none). The default model embeds all 100,000; the other model the
10,000 and the queries, so its figures stop at 10,000 (BENCH_MATCHING_FULL=1 embeds its
100,000 too). Latency: retrieval (the in-memory index, the query's embedding, the dense
search) plus ``rank``, per query, on whatever else this shared machine is running: the load
average is printed at the end.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.matching import fusion  # noqa: E402
from annotate.matching import ranking as rank_module  # noqa: E402
from annotate.matching.bm25 import LexicalIndex  # noqa: E402
from annotate.matching.models import CHOICES, DEFAULT, OFF, load_encoder  # noqa: E402
from annotate.matching.ranking import (  # noqa: E402
    PREFER_RECENT_HALF_LIFE,
    Candidate,
    MatchOptions,
    rank,
)
from annotate.matching.tokens import terms  # noqa: E402
from annotate.matching.vectors import VectorIndex  # noqa: E402

SET = ROOT / "bench" / "matching_set.jsonl"
CACHE = ROOT / "var" / "bench"
SIZES = (1_000, 10_000, 100_000)
FULL = os.environ.get("BENCH_MATCHING_FULL") == "1"
RETRIEVE = 100
TODAY = datetime.date(2024, 6, 1)
SEED = 16


# ----------------------------------------------------------------------------- labelled set
@dataclass(frozen=True)
class Query:
    id: str
    text: str
    language: str
    kind: str
    relevant: frozenset[str]
    split: str
    newest: str | None = None  # the most recent relevant check, for the recency figure


@dataclass
class LabelledSet:
    checks: list[Candidate] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)


def load_set() -> LabelledSet:
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line]
    labelled = LabelledSet()
    earlier = {row["of"]: row for row in rows if row.get("kind") == "earlier"}
    for index, row in enumerate(rows):
        kind = row.get("kind", "seed")
        if kind == "seed":
            _add_seed(labelled, row, earlier.get(row["id"]))
        elif kind == "novel":
            language = _guess_language(row["query"])
            split = "dev" if index % 2 else "test"
            labelled.queries.append(
                Query(f"novel-{index}", row["query"], language, "novel", frozenset(), split)
            )
        elif kind == "short":
            labelled.checks.append(_check(f"short-{index}", row["check"], row["date"]))
    return labelled


def _add_seed(labelled: LabelledSet, row: dict, earlier: dict | None) -> None:
    seed = row["id"]
    split = "dev" if int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 2 else "test"
    labelled.checks.append(_check(seed, row["check"], row["date"]))
    relevant = {seed}
    if earlier:
        labelled.checks.append(_check(f"{seed}~earlier", earlier["check"], earlier["date"]))
        relevant.add(f"{seed}~earlier")
    answers = frozenset(relevant)
    add = labelled.queries.append
    paraphrase_kind = "paraphrase+lookalike" if "lookalike" in row else "paraphrase"
    add(Query(f"{seed}/p", row["paraphrase"], "en", paraphrase_kind, answers, split, seed))
    if "translation" in row:
        language, text = row["translation"]
        add(Query(f"{seed}/t", text, language, "translation", answers, split, seed))
    if "lookalike" in row:
        labelled.checks.append(_check(f"{seed}~lookalike", row["lookalike"], row["date"]))
        if "lookalike_query" in row:
            target = frozenset({f"{seed}~lookalike"})
            add(Query(f"{seed}/l", row["lookalike_query"], "en", "lookalike", target, split))
    if "altered" in row:
        add(Query(f"{seed}/a", row["altered"], "en", "altered", frozenset(), split))


def _check(key: str, text: str, date: str, language: str = "en") -> Candidate:
    return Candidate(key, text, language, datetime.date.fromisoformat(date))


def _guess_language(text: str) -> str:
    words = set(text.lower().split())
    if words & {"le", "la", "les", "va", "pour"}:
        return "fr"
    if words & {"el", "los", "subirá", "próximo"}:
        return "es"
    if words & {"die", "das", "will", "auf"} and "Regierung" in text:
        return "de"
    return "en"


# ----------------------------------------------------------------------------- distractors
def _words(text: str) -> list[str]:
    return text.split()


_PLACES = _words(
    """
    Lagos Nairobi Accra Dakar Kampala Johannesburg Durban Abuja Kano Mombasa Kigali Harare
    Lusaka Cairo Tunis Casablanca Manchester Birmingham Leeds Glasgow Cardiff Bristol Lyon
    Marseille Madrid Seville Lisbon Porto Berlin Munich Hamburg Chicago Houston Phoenix
    Denver Atlanta Detroit Toronto Manila Jakarta Mumbai Delhi Karachi Dhaka
    """
)
_COUNTRIES = _words(
    """
    Nigeria Kenya Ghana Senegal Uganda Tanzania Ethiopia Zambia Zimbabwe Malawi Cameroon
    Brazil Argentina Chile Colombia Peru Mexico India Pakistan Indonesia Philippines Spain
    Portugal France Germany Italy Poland Sweden Canada Australia Turkey Egypt Morocco
    """
)
_NAMES = _words(
    """
    Adebayo Mensah Okonkwo Wanjiru Otieno Nkosi Dlamini Banda Phiri Diop Ndiaye Traoré
    Haddad Silva Santos Oliveira Pereira Garcia Martinez Lopez Rossi Bianchi Müller Schmidt
    Kowalski Novak Andersson Murphy Walsh Patel Sharma Khan Rahman Nguyen Tanaka Kim Park
    Cohen Levy Dubois Moreau Laurent Fernandes Costa Almeida Mwangi Kamau Achieng Ochieng
    """
)
_ROLES = (
    "Senator",
    "Governor",
    "Minister",
    "Mayor",
    "MP",
    "President",
    "Councillor",
    "Dr",
    "Professor",
    "Commissioner",
)
_THINGS = (
    "fuel subsidies",
    "the minimum wage",
    "school meals",
    "malaria nets",
    "rice imports",
    "road building",
    "public hospitals",
    "teacher salaries",
    "police pay",
    "electricity tariffs",
    "bread prices",
    "rail fares",
    "housing benefit",
    "student loans",
    "water supply",
    "fertiliser subsidies",
    "maternity wards",
    "cancer drugs",
    "cooking gas",
    "bus services",
    "refugee camps",
    "prison places",
    "border checks",
    "state pensions",
    "solar farms",
    "coal mines",
    "oil exports",
    "cocoa farmers",
    "fishing licences",
    "tourist visas",
    "university places",
    "nurse training",
    "mental health services",
    "care homes",
    "flood defences",
    "forest reserves",
    "sugar taxes",
    "tobacco duty",
    "alcohol sales",
    "gun licences",
    "election observers",
    "polling stations",
    "voter registration",
    "ID cards",
    "internet shutdowns",
    "press freedom",
    "the budget deficit",
    "foreign loans",
    "Chinese investment",
    "the national debt",
    "food imports",
    "maize prices",
    "diesel prices",
    "taxi fares",
    "hospital waiting lists",
    "ambulance response times",
    "HIV treatment",
    "polio vaccination",
    "measles cases",
    "cholera cases",
    "dengue fever",
    "air pollution",
    "plastic waste",
    "electric buses",
    "nuclear power",
    "gold mining",
    "lithium mining",
    "cattle herders",
    "street vendors",
    "youth jobs",
    "graduate unemployment",
    "civil servants' salaries",
    "military spending",
    "foreign aid",
)
_EFFECTS = (
    "cause cancer",
    "cause hair loss",
    "cure diabetes",
    "lower blood pressure",
    "damage the brain",
    "damage the liver",
    "weaken the immune system",
    "cause heart attacks",
    "raise rents",
    "poison the water",
    "cause autism",
    "cure malaria",
    "reverse ageing",
    "prevent strokes",
    "cause blindness",
    "cause insomnia",
    "raise crime",
    "cut emissions",
    "destroy jobs",
    "create jobs",
    "raise prices",
    "cut poverty",
    "increase migration",
    "reduce inflation",
)
_GROUPS = (
    "pensioners",
    "students",
    "nurses",
    "farmers",
    "teachers",
    "migrants",
    "doctors",
    "soldiers",
    "taxi drivers",
    "miners",
    "civil servants",
    "fishermen",
    "traders",
    "young voters",
    "single mothers",
    "factory workers",
    "refugees",
    "children",
)
_TEMPLATES = (
    "{person} said {thing} rose by {pct} in {year}.",
    "{person} claimed {thing} fell by {pct} between {year} and {year2}.",
    "The government of {country} cut spending on {thing} by {pct} in {year}.",
    "{country} spent {amount} on {thing} in {year}, {person} said.",
    "A viral post says {thing} {effect}.",
    "A video shared on Facebook claims {thing} {effect}.",
    "{person} says {group} in {place} will lose {thing} from {month} {year}.",
    "Officials in {place} banned {thing} in {year}.",
    "{number} {group} in {country} depend on {thing}, according to {person}.",
    "{person} promised to double {thing} before the {year} election.",
    "Police in {place} arrested {number} people over {thing} in {month} {year}.",
    "{thing} in {country} are the highest in Africa, {person} claimed.",
    "{thing} in {country} went up {pct} last year, says a WhatsApp message.",
    "The central bank of {country} says {thing} will rise by {pct} in {year}.",
    "{person} said {country} has {number} {group} without access to {thing}.",
    "{person} voted against more money for {thing} in {year}.",
    "A photo shows {group} protesting against {thing} in {place}.",
    "{country} will stop {thing} from {month} {year}, a post on X claims.",
    "{pct} of {group} in {country} cannot afford {thing}.",
    "Under {person}, {thing} rose from {pct} to {pct2}.",
    "{place} has more {thing} than any other city in {country}.",
    "{person} said the {year} budget for {thing} was {amount}.",
    "{country} imported {amount} worth of {thing} in {year}.",
    "A leaked memo shows {thing} will be privatised in {country} in {year}.",
    "Since {year}, {number} {group} have left {country} because of {thing}.",
    "{person} blamed {group} for the rise in {thing} in {place}.",
    "Scientists in {place} found that {thing} {effect}.",
    "{thing} {effect}, says a doctor in {place}.",
    "{person} said {thing} in {place} had fallen to {pct} by {month} {year}.",
    "The opposition says {thing} in {country} cost {amount} in {year}.",
)
_FRENCH = (
    "{person} a déclaré que le prix du carburant a augmenté de {pct} en {year}.",
    "Le gouvernement du {country} a réduit le budget de la santé de {pct} en {year}.",
    "Une vidéo virale affirme que {effect_fr}.",
    "{person} affirme que {number} enseignants ont quitté {place} depuis {year}.",
    "Le chômage à {place} a baissé de {pct} en {month_fr} {year}, selon {person}.",
    "La police de {place} a arrêté {number} personnes en {month_fr} {year}.",
)
_SPANISH = (
    "{person} dijo que el precio de la gasolina subió un {pct} en {year}.",
    "El gobierno de {country} recortó el gasto en salud un {pct} en {year}.",
    "Un video viral asegura que {effect_es}.",
    "{person} afirma que {number} maestros dejaron {place} desde {year}.",
    "El desempleo en {place} bajó un {pct} en {month_es} de {year}, según {person}.",
)
# Health rumours of the kind the archive holds, none of them one of the labelled claims.
_EFFECTS_FR = (
    "le thé vert fait maigrir",
    "le jeûne guérit le diabète",
    "les micro-ondes détruisent les vitamines",
    "le chocolat améliore la mémoire",
    "la vitamine C guérit la grippe",
)
_EFFECTS_ES = (
    "el té verde adelgaza",
    "el ayuno cura la diabetes",
    "los microondas destruyen las vitaminas",
    "el chocolate mejora la memoria",
    "la vitamina C cura la gripe",
)
_MONTHS = "January February March April May June July August September October November December"
_MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
_MONTHS_ES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)


def distractors(count: int) -> list[Candidate]:
    """``count`` distinct generated claims, the same on every run."""
    rng = random.Random(SEED)
    seen: set[str] = set()
    out: list[Candidate] = []
    while len(out) < count:
        roll = rng.random()
        if roll < 0.08:
            language, template = "fr", rng.choice(_FRENCH)
        elif roll < 0.16:
            language, template = "es", rng.choice(_SPANISH)
        else:
            language, template = "en", rng.choice(_TEMPLATES)
        text = _fill(template, rng)
        text = text[0].upper() + text[1:]
        if text in seen:
            continue
        seen.add(text)
        date = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(4500))
        out.append(Candidate(f"d{len(out)}", text, language, date))
    return out


def _fill(template: str, rng: random.Random) -> str:
    year = rng.randrange(2008, 2025)
    values = {
        "person": f"{rng.choice(_ROLES)} {rng.choice(_NAMES)}",
        "thing": rng.choice(_THINGS),
        "effect": rng.choice(_EFFECTS),
        "effect_fr": rng.choice(_EFFECTS_FR),
        "effect_es": rng.choice(_EFFECTS_ES),
        "group": rng.choice(_GROUPS),
        "place": rng.choice(_PLACES),
        "country": rng.choice(_COUNTRIES),
        "pct": f"{rng.choice((rng.randrange(2, 95), round(rng.uniform(0.5, 60), 1)))}%",
        "pct2": f"{rng.randrange(2, 95)}%",
        "amount": rng.choice(("$", "€", "£", ""))
        + f"{rng.randrange(2, 900)} "
        + rng.choice(("million", "billion")),
        "number": f"{rng.randrange(2, 999):,}"
        if rng.random() < 0.5
        else f"{rng.randrange(1, 99)},000",
        "year": str(year),
        "year2": str(min(2024, year + rng.randrange(1, 8))),
        "month": rng.choice(_MONTHS.split()),
        "month_fr": rng.choice(_MONTHS_FR.split()),
        "month_es": rng.choice(_MONTHS_ES.split()),
    }
    return template.format(**values)


# ----------------------------------------------------------------------------- embeddings
class EmbeddingCache:
    """Vectors by text for one model, kept under var/bench/ between runs."""

    def __init__(self, encoder) -> None:
        self.encoder = encoder
        self.path = CACHE / f"matching-{encoder.model_id.replace(':', '-')}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        self.dirty = False
        if self.path.exists():
            with np.load(self.path) as stored:
                for key, row in zip(stored["keys"], stored["vectors"], strict=True):
                    self.vectors[str(key)] = row.astype(np.float32)

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def ensure(self, texts: Sequence[str]) -> float:
        """Embed the texts not cached yet; the seconds it took."""
        missing = sorted({t for t in texts if self.key(t) not in self.vectors})
        if not missing:
            return 0.0
        started = time.perf_counter()
        for start in range(0, len(missing), 2048):
            chunk = missing[start : start + 2048]
            for text, row in zip(chunk, self.encoder.encode(chunk), strict=True):
                self.vectors[self.key(text)] = row
        self.dirty = True
        return time.perf_counter() - started

    def get(self, text: str) -> np.ndarray | None:
        return self.vectors.get(self.key(text))

    def save(self) -> None:
        if not self.dirty:
            return
        CACHE.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors))
        rows = np.stack(list(self.vectors.values())).astype(np.float16)
        np.savez(self.path, keys=keys, vectors=rows)


# ----------------------------------------------------------------------------- evaluation
@dataclass
class Archive:
    size: int
    checks: list[Candidate]
    by_key: dict[Hashable, Candidate]
    lexical: LexicalIndex
    build_seconds: float


def build_archive(labelled: LabelledSet, fillers: list[Candidate], size: int) -> Archive:
    checks = labelled.checks + fillers[: size - len(labelled.checks)]
    started = time.perf_counter()
    index = LexicalIndex()
    with_terms = []
    for check in checks:
        check_terms = tuple(terms(check.text, check.language))
        index.add(check.key, check_terms)
        with_terms.append(replace(check, terms=check_terms))
    seconds = time.perf_counter() - started
    return Archive(size, with_terms, {c.key: c for c in with_terms}, index, seconds)


@dataclass
class Semantic:
    """One model's view of an archive: the checks with their stored vectors, and the dense
    index (``real`` is False when rows were padded for timing only)."""

    encoder: object
    by_key: dict[Hashable, Candidate]
    vectors: VectorIndex
    real: bool


def semantic_view(archive: Archive, cache: EmbeddingCache) -> Semantic:
    by_key = {}
    keys, rows = [], []
    for check in archive.checks:
        vector = cache.get(check.text)
        if vector is not None:
            check = replace(check, vector=vector)
            keys.append(check.key)
            rows.append(vector)
        by_key[check.key] = check
    embedded = len(rows)
    real = embedded == len(archive.checks)
    for i in range(len(archive.checks) - embedded):  # timing only: see the docstring
        keys.append(f"pad{i}")
        rows.append(rows[i % embedded])
    return Semantic(cache.encoder, by_key, VectorIndex(keys, np.stack(rows)), real)


@dataclass
class Prepared:
    """What retrieval gave for one query: its candidates, statistics and vector, and the
    milliseconds that took (terms, full-text stand-in, embedding, dense search)."""

    query: Query
    candidates: list[Candidate]
    stats: object
    vector: np.ndarray | None
    retrieve_ms: float


def prepare(
    archive: Archive, queries: Sequence[Query], semantic: Semantic | None, dense: bool
) -> list[Prepared]:
    out = []
    by_key = semantic.by_key if semantic else archive.by_key
    for query in queries:
        started = time.perf_counter()
        query_terms = terms(query.text, query.language)
        keys = [key for key, _ in archive.lexical.search(query_terms, RETRIEVE)]
        stats = archive.lexical.stats(query_terms)
        vector = None
        if semantic is not None:
            vector = semantic.encoder.encode([query.text])[0]
            if dense:
                seen = set(keys)
                for key, _ in semantic.vectors.search(vector, RETRIEVE):
                    if key not in seen and key in by_key:
                        keys.append(key)
                        seen.add(key)
        candidates = [by_key[key] for key in keys]
        elapsed = (time.perf_counter() - started) * 1000
        out.append(Prepared(query, candidates, stats, vector, elapsed))
    return out


@dataclass
class Run:
    rankings: dict[str, list[tuple[Hashable, float, bool]]]  # query -> (key, score, auto)
    latencies_ms: list[float]


def evaluate(prepared: Sequence[Prepared], options: MatchOptions, encoder=None) -> Run:
    rankings, latencies = {}, []
    for item in prepared:
        started = time.perf_counter()
        matches = rank(
            item.query.text,
            item.candidates,
            language=item.query.language,
            options=options,
            encoder=encoder,
            query_vector=item.vector,
            stats=item.stats,
            today=TODAY,
        )
        latencies.append(item.retrieve_ms + (time.perf_counter() - started) * 1000)
        rankings[item.query.id] = [(m.key, m.score, m.auto_link) for m in matches]
    return Run(rankings, latencies)


def metrics(run: Run, queries: Sequence[Query]) -> dict[str, float]:
    answered = [q for q in queries if q.relevant]
    rr, r1, r5, ap5 = [], [], [], []
    for query in answered:
        keys = [key for key, _, _ in run.rankings[query.id]]
        hits = [i for i, key in enumerate(keys) if key in query.relevant]
        rr.append(1 / (hits[0] + 1) if hits else 0.0)
        r1.append(1.0 if hits and hits[0] == 0 else 0.0)
        r5.append(len([h for h in hits if h < 5]) / len(query.relevant))
        precision_sum, found = 0.0, 0
        for i, key in enumerate(keys[:5]):
            if key in query.relevant:
                found += 1
                precision_sum += found / (i + 1)
        ap5.append(precision_sum / min(len(query.relevant), 5))
    mean = statistics.fmean
    return {
        "n": len(answered),
        "map@5": mean(ap5),
        "mrr": mean(rr),
        "recall@1": mean(r1),
        "recall@5": mean(r5),
    }


def auto_links(run: Run, queries: Sequence[Query], threshold: float) -> tuple[float, float, int]:
    """(precision, share of answered queries auto-linked right, auto-links) at ``threshold``:
    a query is auto-linked when its best match is auto-linkable and scores at least it."""
    linked = correct = 0
    answered = sum(1 for q in queries if q.relevant)
    for query in queries:
        ranking = run.rankings[query.id]
        if ranking and ranking[0][2] and ranking[0][1] >= threshold:
            linked += 1
            correct += ranking[0][0] in query.relevant
    return (correct / linked if linked else 1.0), correct / max(answered, 1), linked


def choose_auto_link(run: Run, queries: Sequence[Query]) -> float:
    """The lowest threshold, in steps of 0.01, at which no auto-link on ``queries`` is wrong,
    plus 0.02 of margin."""
    for step in range(20, 100):
        if auto_links(run, queries, step / 100)[0] >= 1.0:
            return min(0.99, step / 100 + 0.02)
    return 0.99


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ----------------------------------------------------------------------------- main
MODELS = (DEFAULT, *(name for name in CHOICES if name not in (OFF, DEFAULT)))
FUSION_GRID = [("lexical", None), ("semantic", None), ("average", None), ("rrf", None)] + [
    ("weighted", w / 10) for w in (1, 2, 3, 4, 5, 6, 7, 8, 9)
]
OPEN = MatchOptions(suggest=0.0, auto_link=0.0, limit=10)
HEADER = (
    f"   {'ranking':<36} {'archive':>8} {'MAP@5':>6} {'MRR':>6} {'R@1':>6} {'R@5':>6}"
    f" {'p50 ms':>7} {'p95 ms':>7}"
)


def main() -> int:
    started = time.perf_counter()
    labelled = load_set()
    dev = [q for q in labelled.queries if q.split == "dev"]
    test = [q for q in labelled.queries if q.split == "test"]
    fillers = distractors(max(SIZES) - len(labelled.checks))
    print(
        f"labelled set: {len(labelled.checks)} checks, {len(labelled.queries)} queries "
        f"({len(dev)} dev, {len(test)} test); {_kinds(labelled.queries)}"
    )
    archives = {size: build_archive(labelled, fillers, size) for size in SIZES}
    encoders = {name: load_encoder(name) for name in MODELS}
    caches = {name: EmbeddingCache(encoders[name]) for name in MODELS}
    embed_seconds = _embed(labelled, archives, caches)
    views = _Views(archives, caches)
    lines: list[str] = []
    mid = archives[10_000]
    prepared_dev = {
        (name, dense): prepare(mid, dev, views[(name, 10_000)], dense)
        for name in MODELS
        for dense in (False, True)
    }
    best = _fusion_study(prepared_dev, dev, encoders)
    _penalty_study(prepared_dev[(DEFAULT, best[DEFAULT][0])], dev, encoders[DEFAULT])
    recency = _recency_study(labelled, mid, views[(DEFAULT, 10_000)], best, encoders[DEFAULT])
    lines.append(f"bench: matching_recent_first_preferred {recency:.3f} ratio")

    # Thresholds, chosen on dev.
    lexical_dev = evaluate(prepare(mid, dev, None, False), OPEN)
    thresholds = {"lexical": choose_auto_link(lexical_dev, dev)}
    for name in MODELS:
        run = evaluate(prepared_dev[(name, best[name][0])], OPEN, encoders[name])
        thresholds[name] = choose_auto_link(run, dev)

    print(
        f"\n4. Test split, every archive size "
        f"({sum(1 for q in test if q.relevant)} queries with an answer)"
    )
    print(HEADER)
    for size in SIZES:
        archive = archives[size]
        rows = [("lexical", None, False, OPEN)]
        rows.append((f"{DEFAULT}: semantic only", DEFAULT, True, replace(OPEN, fusion="semantic")))
        for name in MODELS:
            if name != DEFAULT and size == 100_000:
                continue
            rows.append((f"{name}: lexical + re-rank", name, False, OPEN))
            rows.append((f"{name}: lexical + dense (hybrid)", name, True, OPEN))
        for label, name, dense, options in rows:
            view = views[(name, size)] if name else None
            real = view is None or view.real or not dense
            run = evaluate(prepare(archive, test, view, dense), options, encoders.get(name))
            detail = name is None or (name == DEFAULT and dense and options is OPEN)
            lines += _table_row(
                label if real else label + " [timing]", size, run, test, real, detail
            )

    print("\n5. By kind of query, test split, 10,000 (MAP@5)")
    per_kind = {"lexical": evaluate(prepare(mid, test, None, False), OPEN)}
    for name in MODELS:
        prepared = prepare(mid, test, views[(name, 10_000)], best[name][0])
        per_kind[name] = evaluate(prepared, OPEN, encoders[name])
    print(f"   {'kind':<22} {'n':>3}" + "".join(f"{k:>14}" for k in per_kind))
    for kind in sorted({q.kind for q in test if q.relevant}):
        subset = [q for q in test if q.kind == kind]
        values = "".join(f"{metrics(run, subset)['map@5']:>14.3f}" for run in per_kind.values())
        print(f"   {kind:<22} {metrics(per_kind['lexical'], subset)['n']:>3}{values}")

    print("\n6. Auto-link: threshold chosen on dev (lowest with no wrong auto-link, + 0.02)")
    for name, run in per_kind.items():
        threshold = thresholds[name]
        precision, coverage, linked = auto_links(run, test, threshold)
        worst = _worst_wrong(run, test)
        print(
            f"   {name:<13} {threshold:.2f}: test precision {precision:.3f} over {linked} "
            f"auto-links, {coverage:.0%} of answered queries auto-linked right; highest wrong "
            f"auto-linkable top score on test {worst:.2f}"
        )
        if name == DEFAULT:
            lines += [
                f"bench: matching_autolink_threshold {threshold:.2f} score",
                f"bench: matching_autolink_precision {precision:.3f} ratio",
                f"bench: matching_autolink_coverage {coverage:.3f} ratio",
            ]
            code = auto_links(run, test, rank_module.AUTO_LINK)
            print(
                f"   {'':<13} at the code's AUTO_LINK {rank_module.AUTO_LINK}: precision "
                f"{code[0]:.3f} over {code[2]} auto-links, {code[1]:.0%} auto-linked right"
            )
    unflagged = _lookalikes_unflagged(per_kind[DEFAULT], test, views[(DEFAULT, 10_000)].by_key)
    print(f"   look-alike checks in a top 5 with no difference shown ({DEFAULT}): {len(unflagged)}")
    for line in unflagged:
        print(f"     {line}")
    lines.append(f"bench: matching_lookalikes_unflagged {len(unflagged)} count")
    quiet = _quiet_novel(per_kind[DEFAULT], labelled.queries)
    print(f"   novel test queries with nothing at SUGGEST={rank_module.SUGGEST}: {quiet:.0%}")
    kept = _recall_at_suggest(per_kind[DEFAULT], test)
    print(f"   answered test queries with their check in the top 5 at SUGGEST: {kept:.0%}")
    lines.append(f"bench: matching_recall5_at_suggest {kept:.3f} ratio")

    builds = ", ".join(f"{s:,}: {a.build_seconds:.1f} s" for s, a in archives.items())
    print(f"\nIn-memory lexical index build (terms + postings): {builds}")
    embedded = ", ".join(f"{k} {v:.1f} s" for k, v in embed_seconds.items())
    print(f"Embedding this run (0 = all cached in var/bench/): {embedded}")
    load = os.getloadavg()[0]
    print(f"Load average at the end: {load:.1f} on {os.cpu_count()} cores")
    print(f"Total {time.perf_counter() - started:.0f} s\n")
    lines.append(f"bench: matching_index_build_100000 {archives[100_000].build_seconds:.2f} s")
    print("\n".join(lines))
    return 0


def _fusion_study(prepared_dev: dict, dev: Sequence[Query], encoders: dict) -> dict:
    """MAP@5 of every fusion per model and candidate mode; the best weighted per model."""
    print("\n1. Fusion on the dev split, 10,000 archived checks (MAP@5)")
    columns = [(name, dense) for name in MODELS for dense in (False, True)]
    print(
        f"   {'fusion':<16}"
        + "".join(f"{n + (' hybrid' if d else ' re-rank'):>22}" for n, d in columns)
    )
    table: dict[tuple, float] = {}
    for method, weight in FUSION_GRID:
        label = method if weight is None else f"weighted w={weight:.1f}"
        options = replace(OPEN, fusion=method, semantic_weight=weight or 0.5)
        for name, dense in columns:
            run = evaluate(prepared_dev[(name, dense)], options, encoders[name])
            table[(name, dense, label)] = metrics(run, dev)["map@5"]
        print(f"   {label:<16}" + "".join(f"{table[(*c, label)]:>22.3f}" for c in columns))
    best = {}
    for name in MODELS:
        weighted = {k: v for k, v in table.items() if k[0] == name and k[2].startswith("weighted")}
        (_, dense, label), value = max(weighted.items(), key=lambda item: (item[1], not item[0][1]))
        best[name] = (dense, float(label.split("=")[1]))
        other = {k[2]: v for k, v in table.items() if k[0] == name and k[1] == dense}
        code = (fusion.DENSE_CANDIDATES[name], fusion.SEMANTIC_WEIGHT[name])
        print(
            f"   {name}: best is weighted w={best[name][1]} on {'hybrid' if dense else 're-rank'}"
            f" candidates, MAP@5 {value:.3f} (lexical {other['lexical']:.3f}, semantic "
            f"{other['semantic']:.3f}, average {other['average']:.3f}, rrf {other['rrf']:.3f});"
            f" code: {'hybrid' if code[0] else 're-rank'}, w={code[1]}"
        )
    return best


def _penalty_study(prepared: Sequence[Prepared], dev: Sequence[Query], encoder) -> None:
    print(f"\n2. Look-alike penalty, dev, 10,000, {DEFAULT} (code: {rank_module.LOOKALIKE_FACTOR})")
    saved = rank_module.LOOKALIKE_FACTOR
    try:
        for factor in (1.0, 0.9, 0.75, 0.6, 0.5):
            rank_module.LOOKALIKE_FACTOR = factor
            figures = metrics(evaluate(prepared, OPEN, encoder), dev)
            print(
                f"   keeps {factor:<5} MAP@5 {figures['map@5']:.3f}  R@1 {figures['recall@1']:.3f}"
            )
    finally:
        rank_module.LOOKALIKE_FACTOR = saved


def _recency_study(labelled, archive, view, best, encoder) -> float:
    """Newer of two relevant checks first, and MAP@5 of all answered queries, per setting."""
    pairs = [q for q in labelled.queries if len(q.relevant) == 2]
    answered = [q for q in labelled.queries if q.relevant]
    prepared = prepare(archive, answered, view, best[DEFAULT][0])
    print(
        f"\n3. Prefer recent checks, 10,000, {DEFAULT}, all answered queries "
        f"({len(pairs)} with two checks)"
    )
    code = (MatchOptions().recency_weight, PREFER_RECENT_HALF_LIFE)
    chosen = 0.0
    for weight, half_life in ((0.0, 0.0), (0.2, 365.0), (0.3, 730.0), (0.5, 730.0), (0.5, 365.0)):
        options = replace(OPEN, recency_weight=weight or 0.2, recency_half_life_days=half_life)
        run = evaluate(prepared, options, encoder)
        first = sum(1 for q in pairs if run.rankings[q.id] and run.rankings[q.id][0][0] == q.newest)
        share = first / len(pairs)
        label = "off" if not half_life else f"weight {weight}, half-life {half_life:.0f} days"
        print(
            f"   {label:<32} newer first {share:.0%}  MAP@5 {metrics(run, answered)['map@5']:.3f}"
        )
        if (weight, half_life) == code:
            chosen = share
    return chosen


def _table_row(
    label: str, size: int, run: Run, queries: Sequence[Query], real: bool, detail: bool
) -> list[str]:
    figures = metrics(run, queries)
    p50, high = statistics.median(run.latencies_ms), p95(run.latencies_ms)
    keys = ("map@5", "mrr", "recall@1", "recall@5")
    quality = " ".join(f"{figures[k]:>6.3f}" if real else f"{'-':>6}" for k in keys)
    print(f"   {label:<36} {size:>8,} {quality} {p50:>7.1f} {high:>7.1f}")
    slug = _slug(label)
    lines = [f"bench: matching_{slug}_{size}_p95 {high:.1f} ms"]
    if real and not detail:
        lines.append(f"bench: matching_{slug}_{size}_map_5 {figures['map@5']:.3f} ratio")
    elif real:
        lines += [f"bench: matching_{slug}_{size}_{_slug(k)} {figures[k]:.3f} ratio" for k in keys]
    return lines


def _worst_wrong(run: Run, queries: Sequence[Query]) -> float:
    scores = [
        run.rankings[q.id][0][1]
        for q in queries
        if run.rankings[q.id]
        and run.rankings[q.id][0][2]
        and run.rankings[q.id][0][0] not in q.relevant
    ]
    return max(scores, default=0.0)


class _Views(dict):
    """``views[(model, size)]``, built on first use (a 100,000-row view is 150 MB)."""

    def __init__(self, archives: dict, caches: dict) -> None:
        super().__init__()
        self.archives, self.caches = archives, caches

    def __missing__(self, key: tuple[str, int]) -> Semantic:
        name, size = key
        view = self[key] = semantic_view(self.archives[size], self.caches[name])
        return view


def _embed(labelled: LabelledSet, archives: dict[int, Archive], caches: dict) -> dict[str, float]:
    """Embed what the runs need (see the module docstring), cached between runs."""
    seconds = {}
    queries = [q.text for q in labelled.queries]
    for name, cache in caches.items():
        texts = [c.text for c in archives[10_000].checks] + queries
        big = archives[100_000]
        if FULL or name == DEFAULT:
            texts += [c.text for c in big.checks]
        seconds[name] = cache.ensure(texts)
        cache.save()
    return seconds


def _kinds(queries: Sequence[Query]) -> str:
    counts: dict[str, int] = {}
    for query in queries:
        counts[query.kind] = counts.get(query.kind, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def _slug(label: str) -> str:
    kept = "".join(ch if ch.isalnum() else "_" for ch in label.split(" [")[0].lower())
    return "_".join(part for part in kept.split("_") if part)


def _lookalikes_unflagged(run: Run, queries: Sequence[Query], by_key: dict) -> list[str]:
    """Checks of the same seed that are not an answer (the look-alike, or the original for an
    altered query) in a query's top 5, with no difference found."""
    from annotate.matching.lookalike import differences

    out = []
    for query in queries:
        seed = query.id.split("/")[0]
        for key, _, _ in run.rankings[query.id][:5]:
            if key in query.relevant or str(key).split("~")[0] != seed:
                continue
            check = by_key[key]
            if not differences(query.text, check.text, query.language, check.language):
                out.append(f"{query.text!r} / {check.text!r}")
    return out


def _recall_at_suggest(run: Run, queries: Sequence[Query]) -> float:
    answered = [q for q in queries if q.relevant]
    kept = [
        q
        for q in answered
        if any(k in q.relevant and s >= rank_module.SUGGEST for k, s, _ in run.rankings[q.id][:5])
    ]
    return len(kept) / max(len(answered), 1)


def _quiet_novel(run: Run, queries: Sequence[Query]) -> float:
    novel = [q for q in queries if q.kind == "novel" and q.id in run.rankings]
    quiet = [
        q for q in novel if not any(s >= rank_module.SUGGEST for _, s, _ in run.rankings[q.id])
    ]
    return len(quiet) / max(len(novel), 1)


if __name__ == "__main__":
    sys.exit(main())
