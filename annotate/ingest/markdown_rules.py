"""markdown-it-py rules the plugin set lacks: ``==mark==``, ``++ins++``, ``:emoji:``, budget.

mdit-py-plugins covers footnotes, definition lists, containers, ``^sup^`` and ``~sub~``;
these add the rest of the syntax people paste from editors, so that its markers never
reach the stored text. ``==`` and ``++`` pairs work as markdown-it's own ``~~`` does
(a run of two markers opens or closes, an unpaired run stays text); a shortcode
becomes its emoji when the name is a known one (``:tada:``), and stays text otherwise
(``10:30:45``). ``budget_plugin`` makes the parser check a ``Budget`` as it goes.
"""

from __future__ import annotations

import functools
import re

import emoji
from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

from annotate.ingest.budget import Budget

_SHORTCODE = re.compile(r":([A-Za-z0-9_+\-]{1,60}):")
# How many rule calls pass between two looks at the clock.
_CHECK_EVERY = 256


def paired_marker_plugin(md: MarkdownIt, marker: str, name: str) -> None:
    """Parse ``<marker><marker>text<marker><marker>`` into ``<name>_open``/``_close``."""

    def tokenize(state: StateInline, silent: bool) -> bool:
        if silent or state.src[state.pos] != marker:
            return False
        scanned = state.scanDelims(state.pos, True)
        length = scanned.length
        if length < 2:
            return False
        if length % 2:
            state.push("text", "", 0).content = marker
            length -= 1
        for _ in range(length // 2):
            state.push("text", "", 0).content = marker * 2
            state.delimiters.append(
                Delimiter(
                    marker=ord(marker),
                    length=0,
                    token=len(state.tokens) - 1,
                    end=-1,
                    open=scanned.can_open,
                    close=scanned.can_close,
                )
            )
        state.pos += scanned.length
        return True

    def pair_up(state: StateInline, delimiters: list[Delimiter]) -> None:
        for delimiter in delimiters:
            if delimiter.marker != ord(marker) or delimiter.end == -1:
                continue
            for index, suffix, nesting in (
                (delimiter.token, "_open", 1),
                (delimiters[delimiter.end].token, "_close", -1),
            ):
                token = state.tokens[index]
                token.type, token.nesting, token.markup = name + suffix, nesting, token.content
                token.content = ""

    def post_process(state: StateInline) -> None:
        pair_up(state, state.delimiters)
        for meta in state.tokens_meta:
            if meta and "delimiters" in meta:
                pair_up(state, meta["delimiters"])

    md.inline.add_terminator_char(marker)
    md.inline.ruler.before("emphasis", name, tokenize)
    md.inline.ruler2.before("emphasis", name, post_process)


@functools.cache
def emoji_names() -> dict[str, str]:
    """Every emoji shortcode name (GitHub's aliases and the Unicode names) and its emoji."""
    names: dict[str, str] = {}
    for char, data in emoji.EMOJI_DATA.items():
        for name in (data.get("en"), *data.get("alias", ())):
            if name:
                names.setdefault(name.strip(":"), char)
    return names


def emoji_plugin(md: MarkdownIt) -> None:
    """Replace known ``:shortcode:`` names with their emoji."""

    def shortcode(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != ":":
            return False
        match = _SHORTCODE.match(state.src, state.pos, state.posMax)
        if match is None:
            return False
        char = emoji_names().get(match.group(1))
        if char is None:
            return False
        if not silent:
            state.push("text", "", 0).content = char
        state.pos = match.end()
        return True

    md.inline.add_terminator_char(":")
    md.inline.ruler.after("emphasis", "emoji", shortcode)


def budget_plugin(md: MarkdownIt) -> None:
    """Make block and inline parsing check ``env["budget"]`` (a ``Budget``) as they go.

    The rules match nothing; they only look at the clock every few hundred calls, and
    the budget raises ``ImportRejected`` once the parse has used up its time.
    """

    def look(env: object) -> None:
        if not isinstance(env, dict) or not isinstance(env.get("budget"), Budget):
            return
        env["budget_calls"] = calls = env.get("budget_calls", 0) + 1
        if calls % _CHECK_EVERY == 0:
            env["budget"].check()

    def inline_rule(state: StateInline, silent: bool) -> bool:
        look(state.env)
        return False

    def block_rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        look(state.env)
        return False

    md.inline.ruler.before("text", "budget", inline_rule)
    md.block.ruler.before("table", "budget", block_rule)
