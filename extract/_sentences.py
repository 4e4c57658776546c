"""Raw paper text to sentences whose every character still points into ``source_text``.

Steps: ``document_to_blocks`` cuts the text into blocks (paragraphs, headings, captions, table bodies, legends);
``blocks_to_paragraphs`` puts page fragments back in order and rejoins prose that a table, a caption or a page
break interrupted; ``paragraphs_to_sentences`` splits each paragraph with a blank spaCy tokenizer and our own
sentence-boundary rules. The clean text of a sentence has hyphenated line breaks joined, line breaks turned into
spaces and number characters normalised one for one; ``Sentence.offsets`` maps each clean character back to its
place in ``source_text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Any, NamedTuple

import regex

from paperaudit.schemas import Document, Table

from ._sections import _HEADING_RE, _HEADINGS, _LABEL_RE, ABSTRACT_LABELS, assign_sections

# One-for-one replacements applied to clean text before matching; a span never moves because of them.
_CLEAN_MAP = str.maketrans({
    "\u2212": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00b7": ".", "\u2009": " ", "\u202f": " ", "\u00a0": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\t": " ", "\r": " ", "\f": " ", "\v": " ", "\u2032": "'", "\u2019": "'", "\u2018": "'",
    "\u201c": '"', "\u201d": '"', "\u2264": "≤", "\u2265": "≥",
})
# The replacements that change a character, for ``_clean``.
_CLEAN_PAIRS = tuple((chr(k), v) for k, v in _CLEAN_MAP.items() if chr(k) != v)

_TABLE_CAPTION_RE = regex.compile(r"^\s*(?:Table|TABLE)\s+(?:[A-Z]?\d+[A-Za-z]?|[IVX]+)\s*(?:[.:|]|\s+[A-Z(])")
_FIG_CAPTION_RE = regex.compile(r"^\s*(?:Fig\.?|Figure|FIGURE|FIG\.?)\s*(?:[A-Z]?\d+[A-Za-z]?)\s*(?:[.:|]|\s+[A-Z(])")
_NUMERIC_TOKEN_RE = regex.compile(r"^[-+±(]?[<>≤≥]?\d[\d.,:/%±-]*[)*†‡§¶a-d]?$")
_LEGEND_DEF_RE = regex.compile(r"(?:^|[;,.]\s*)[A-Z][A-Za-z0-9+]{0,9}(?:\s?\d)?\s*(?:[-–—=:,]\s*)[A-Za-z]")
_LEGEND_START_RE = regex.compile(r"^\s*(?:Note[sd]?\b|Abbreviations?\b|[*†‡§¶]|[a-e]\s+[A-Z]|Data are|Values are)")
_WORD_RE = regex.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# The ASCII characters a heading can begin with: those on which ``_HEADING_RE`` finds a match or the start of one
# (a partial match). A line that begins with another ASCII character is no heading.
_HEADING_FIRST = frozenset(ch for ch in map(chr, range(128)) if _HEADING_RE.match(ch, partial=True))


def _heading_heads() -> frozenset[str]:
    """The first three characters, lower-cased, of every line ``_HEADING_RE`` matches that begins with three ASCII
    characters, the first a letter: every string of three ASCII characters (none a capital) whose first is a
    letter that the pattern matches in part (a match could go on from it), found by extending one character at a
    time only the strings that do (a prefix of a match is matched in part, and so is each of its prefixes). The
    pattern ignores case, and an ASCII character and its lower case match the same: the lower-cased first three
    characters of a heading are among them. About 4,500 partial matches, once at import."""
    chars = [ch for ch in map(chr, range(128)) if not ch.isupper()]
    level = [ch for ch in chars if ch.isalpha() and _HEADING_RE.match(ch, partial=True)]
    for _ in range(2):
        level = [p + ch for p in level for ch in chars if _HEADING_RE.match(p + ch, partial=True)]
    return frozenset(level)


_HEADING_HEADS = _heading_heads()

# Words that keep their hyphen when split across lines ("non-\ncancerous", "follow-\nup").
_KEEP_HYPHEN = frozenset({
    "non", "self", "well", "ex", "anti", "all", "half", "cross", "long", "short", "high", "low", "double",
    "single", "follow", "open", "one", "two", "three", "four", "five", "six", "multi", "semi",
    "placebo", "dose", "time", "case", "age", "sex", "full", "part", "small", "large", "first", "second",
})
# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset({
    "fig", "figs", "vs", "v", "al", "no", "nos", "e.g", "i.e", "eg", "ie", "approx", "ca", "cf", "dr", "mr",
    "mrs", "ms", "prof", "inc", "ltd", "co", "corp", "jr", "sr", "st", "vol", "pp", "ed", "eds", "resp", "ref",
    "refs", "suppl", "tab", "eq", "eqs", "dept", "univ", "sd", "incl", "viz", "spp", "sp", "min.",
    "max", "avg", "est", "nr", "gr", "wt", "ht", "temp",
})
_TERMINAL = ".!?"


@dataclass
class Block:
    """A run of lines of one kind: prose, heading, caption, table body or legend."""

    kind: str  # prose | heading | table_caption | figure_caption | table_body | table_legend | label
    lines: list[tuple[int, int]]
    fragment: bool = False  # begins a page fragment (a line printed with leading white space)
    heading: str | None = None  # the section a heading opens
    index: int = 0

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


@dataclass
class Paragraph:
    """Blocks read as one run of text (several when a sentence was broken across them)."""

    blocks: list[Block]
    kind: str
    section: str = "other"
    text: str = ""
    offsets: tuple[int, ...] = ()  # tuples, so that a sentence's are one slice
    block_of: tuple[int, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence in clean text, with the source position of every character."""

    text: str
    offsets: tuple[int, ...]
    block_of: tuple[int, ...]
    section: str
    paragraph: int
    index: int
    kind: str = "prose"

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Source span of clean characters [a, b)."""
        return self.offsets[a], self.offsets[b - 1] + 1

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Source spans of the sentence, one per block it crosses."""
        out: list[tuple[int, int]] = []
        if not self.offsets:
            return out
        # A sentence crosses few blocks, each in one run: cut at each block's first character (checked), not by a
        # loop over every character.
        blocks, offs = self.block_of, self.offsets
        if blocks.count(blocks[0]) == len(blocks):  # one block (most sentences): one span
            return [(offs[0], offs[-1] + 1)]
        firsts = [blocks.index(b) for b in dict.fromkeys(blocks)] + [len(blocks)]
        runs = list(pairwise(firsts))
        if all(blocks[a:b] == (blocks[a],) * (b - a) for a, b in runs):
            return [(offs[a], offs[b - 1] + 1) for a, b in runs]
        cur_b = self.block_of[0]
        s = self.offsets[0]
        last = s
        for off, b in zip(self.offsets, self.block_of, strict=False):
            if b != cur_b:
                out.append((s, last + 1))
                s, cur_b = off, b
            last = off
        out.append((s, last + 1))
        return out

    @property
    def folded(self) -> str:
        """The sentence with white space folded."""
        return " ".join(self.text.split())


class _Spacy(NamedTuple):
    """The blank English pipeline (only its tokenizer is used) and, for ``_windows``, the pairs (A, B) of tokens
    that follow each other in a special case of its tokenizer made of several tokens, by the last character of A
    and the first of B (None if such a special case holds a white-space token)."""

    nlp: Any
    crossing: dict[str, list[tuple[str, str]]] | None


@lru_cache(maxsize=1)
def _nlp() -> _Spacy:
    """The blank English pipeline and what ``_windows`` needs to know of its tokenizer, worked out once."""
    import spacy
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import Vocab

    nlp = spacy.blank("en")
    tok: Any = nlp.tokenizer
    # The tokenizer's phrase matcher holds each special case as its tokens without special cases (prefixes,
    # suffixes, infixes only): those of a tokenizer with the same rules and no special case. Every special case is
    # taken (the matcher holds only those that split), so the pairs are a superset of the matcher's.
    bare = Tokenizer(Vocab(), rules={}, prefix_search=tok.prefix_search, suffix_search=tok.suffix_search,
                     infix_finditer=tok.infix_finditer, token_match=tok.token_match, url_match=tok.url_match)
    # One call for the special cases without white space, each a word of its own (a word is split by itself).
    plain = [case for case in tok.rules if case and not any(ch.isspace() for ch in case)]
    cases: list[list[str]] = [[]]
    for t in bare(" ".join(plain)):
        cases[-1].append(t.text)
        if t.whitespace_:
            cases.append([])
    cases.extend([t.text for t in bare(case)] for case in set(tok.rules) - set(plain))
    crossing: dict[str, list[tuple[str, str]]] = {}
    for words in cases:
        if len(words) < 2:
            continue
        if any(not w or any(ch.isspace() for ch in w) for w in words):
            return _Spacy(nlp, None)
        for a, b in pairwise(words):
            crossing.setdefault(a[-1] + b[0], []).append((a, b))
    return _Spacy(nlp, crossing)


def _source_line_texts(text: str) -> list[tuple[int, str]]:
    """Each line of the text with its start, without its line ending ('\\n' or '\\r\\n')."""
    pieces = text.split("\n")
    # each line starts one past the end of the one before (``starts`` holds one start more, past the last line)
    starts = accumulate(map((1).__add__, map(len, pieces)), initial=0)
    if "\r" not in text:
        return list(zip(starts, pieces, strict=False))  # the loop below, built in C: no line ends with '\r'
    return [(pos, piece[:-1] if piece[-1:] == "\r" else piece) for pos, piece in zip(starts, pieces, strict=False)]


def _is_numeric_line(words: list[str]) -> bool:
    if not words:
        return False
    num = sum(1 for w in words if _NUMERIC_TOKEN_RE.match(w))
    return num >= max(2, 0.4 * len(words))


def _is_prose_line(line: str) -> bool:
    words = line.split()
    if len(words) < 7:
        return False
    alpha = sum(1 for w in words if _WORD_RE.fullmatch(w.strip(".,;:()[]\"'")))
    return alpha >= 0.7 * len(words) and not _is_numeric_line(words)


def _is_legend_line(line: str) -> bool:
    if _LEGEND_START_RE.match(line):
        return True
    return (";" in line or "=" in line) and len(_LEGEND_DEF_RE.findall(line)) >= 2


def document_to_blocks(document: Document, tables: Sequence[Table] = ()) -> list[Block]:
    """Cut the text into blocks: blank lines, leading-space page fragments, headings and captions start blocks;
    lines inside a known table span, or after a table caption and tabular, are table body or legend."""
    text = document.source_text
    spans = sorted((t.start, t.end) for t in tables if t.end > t.start)
    # where each known table's caption ends: a caption with no full stop runs on over the lines below it only up
    # to there ('Table 1. Clinical features of the 12 patients' over its header and rows, no blank line between)
    caption_ends = {t.start: t.caption_end for t in tables if t.end > t.start and t.caption_end is not None}
    blocks: list[Block] = []
    cur: Block | None = None
    in_table = False  # after a table caption, until prose resumes
    table_seen_body = False
    caption_open: Block | None = None
    all_lines = _source_line_texts(text)
    lengths = sorted([len(line) for _, line in all_lines if line and not line.isspace()])
    # Text with one paragraph per line (no hard line breaks inside paragraphs): every line is its own block.
    long_mode = bool(lengths) and lengths[len(lengths) // 2] > 150

    def close() -> None:
        nonlocal cur
        if cur is not None:
            cur.index = len(blocks)
            blocks.append(cur)
        cur = None

    for s, line in all_lines:
        left = line.lstrip()
        if not left:
            close()
            caption_open = None
            continue
        stripped = left.rstrip()
        lead = len(line) - len(left)
        ls = s + lead
        le = ls + len(stripped)
        fragment = 0 < lead <= 3  # a line printed with leading white space
        in_known = False
        past_caption = False
        for ka, kb in spans:
            if ka <= ls < kb:
                in_known = True
                cap_end = caption_ends.get(ka)
                past_caption = cap_end is not None and ls >= cap_end
                break
        # ``stripped`` begins with no white space, so a caption begins with its first letter.
        first = stripped[0]
        if first == "T" and _TABLE_CAPTION_RE.match(stripped) and (
                cur is None or cur.kind != "prose" or _ends_sentence(text, cur)):
            close()
            cur = Block("table_caption", [(ls, le)])
            caption_open = cur
            in_table, table_seen_body = True, False
            if stripped.endswith(".") or len(stripped) > 60:
                close()
                caption_open = None
            continue
        if first == "F" and _FIG_CAPTION_RE.match(stripped) and (
                cur is None or cur.kind != "prose" or _ends_sentence(text, cur)):
            close()
            in_table = False
            cur = Block("figure_caption", [(ls, le)])
            continue
        if caption_open is not None and cur is caption_open and past_caption:
            close()  # the table's header or rows: table body, not more caption
            caption_open = None
        if caption_open is not None and cur is caption_open:
            cur.lines.append((ls, le))
            if stripped.endswith("."):
                close()
                caption_open = None
            continue
        heading_m = None
        if not in_known and len(stripped) <= 60:
            # A line that begins with three ASCII characters, the first a letter, is tried only if they begin a
            # heading (``_HEADING_HEADS``; ~1 line in 4 of prose); any other only if its first character can.
            head = stripped[:3]
            if len(head) == 3 and head.isascii() and first.isalpha():
                if head.lower() in _HEADING_HEADS:
                    heading_m = _HEADING_RE.match(stripped)
            elif first in _HEADING_FIRST or not first.isascii():
                heading_m = _HEADING_RE.match(stripped)
        if heading_m is not None:
            close()
            in_table = False
            section = next((_HEADINGS[i][1] for i in range(len(_HEADINGS)) if heading_m.group(f"h{i}")), "other")
            blocks.append(Block("heading", [(ls, le)], heading=section, index=len(blocks)))
            continue
        if in_known or in_table:
            # The tests are pure: the cheap ones first, each line's legend test made at most once.
            legend: bool | None = None
            if (fragment or ((cur is None or long_mode) and table_seen_body and not in_known)) \
                    and _is_prose_line(stripped):
                legend = _is_legend_line(stripped)
                if not legend:
                    in_table = False
                    close()
                    cur = Block("prose", [(ls, le)], fragment=fragment)
                    continue
            kind = "table_legend" if ((cur is not None and cur.kind == "table_legend") or (
                legend if legend is not None else _is_legend_line(stripped))) else "table_body"
            table_seen_body = True
            if cur is None or cur.kind != kind:
                close()
                cur = Block(kind, [(ls, le)])
            else:
                cur.lines.append((ls, le))
            continue
        if cur is not None and cur.kind == "figure_caption" and not fragment and not long_mode:
            cur.lines.append((ls, le))
            continue
        if cur is None or fragment or cur.kind != "prose" or long_mode:
            close()
            cur = Block("prose", [(ls, le)], fragment=fragment)
        else:
            cur.lines.append((ls, le))
    close()
    for i, b in enumerate(blocks):
        b.index = i
    return blocks


def _ends_sentence(text: str, block: Block) -> bool:
    last = text[block.lines[-1][0]:block.lines[-1][1]].rstrip()
    return not last or last[-1] in _TERMINAL or last.endswith((".)", ".\"", ":"))


def _block_dangles(text: str, block: Block) -> bool:
    whole = text[block.start:block.end]
    last = whole.rstrip()
    if not last:
        return False
    lm = _LABEL_RE.match(whole) if ":" in whole else None  # a label ends with a colon
    if lm and lm.group("label").lower() in ABSTRACT_LABELS:
        return False
    tail = last.rstrip(")\"'")
    return not (last[-1] in _TERMINAL or (tail and tail[-1] in _TERMINAL) or last[-1] == ":")


def _block_continues(text: str, block: Block) -> bool:
    first = text[block.start:block.end].lstrip()
    if not first:
        return False
    ch = first[0]
    return ch.islower() or ch.isdigit() or ch in "),;%" or (ch in "([" and first[1:2].islower())


def blocks_to_paragraphs(document: Document, blocks: list[Block]) -> list[Paragraph]:
    """Logical paragraphs: a prose block that stops mid-sentence is joined to its continuation, found after any
    table, caption or legend that interrupted it, or as a page fragment printed earlier (put back in order)."""
    text = document.source_text
    prose = [b for b in blocks if b.kind == "prose"]
    joined_to: dict[int, int] = {}  # dangling block index -> continuation block index
    used: set[int] = set()
    orphans: set[int] = set()
    for k, c in enumerate(prose):
        if c.fragment and _block_continues(text, c) and (k == 0 or not _block_dangles(text, prose[k - 1])):
            orphans.add(c.index)
    for b in prose:
        if not _block_dangles(text, b):
            continue
        nxt = None
        # The next prose block, skipping tables, captions and legends but not headings.
        for blk in blocks[b.index + 1:]:
            if blk.kind == "heading":
                break
            if blk.kind == "prose":
                nxt = blk
                break
        if nxt is not None and nxt.index not in used and _block_continues(text, nxt):
            joined_to[b.index] = nxt.index
            used.add(nxt.index)
            continue
        # A page fragment printed out of order: an unused continuation block that begins a fragment.
        # Only an orphan can move: a fragment that continues a sentence while the prose before it ended one.
        cands = [c for c in prose if c.fragment and c.index not in used and c.index < b.index
                 and _block_continues(text, c) and c.index in orphans]
        if cands:
            c = min(cands, key=lambda c: abs(c.index - b.index))
            joined_to[b.index] = c.index
            used.add(c.index)
    # Logical order: a fragment continuation printed before its start moves right after it.
    order = [b.index for b in blocks]
    for dangling, cont in joined_to.items():
        if cont < dangling:
            order.remove(cont)
            order.insert(order.index(dangling) + 1, cont)
    paragraphs: list[Paragraph] = []
    consumed: set[int] = set()
    for idx in order:
        if idx in consumed:
            continue
        b = blocks[idx]
        if b.kind != "prose":
            paragraphs.append(Paragraph([b], b.kind))
            continue
        chain = [b]
        consumed.add(idx)
        while chain[-1].index in joined_to:
            nx = blocks[joined_to[chain[-1].index]]
            if nx.index in consumed:  # a cycle of fragments: stop rather than loop
                break
            chain.append(nx)
            consumed.add(nx.index)
        paragraphs.append(Paragraph(chain, "prose"))
    vocab = _Vocabulary(text)
    cleaning = _cleaning(text)
    for p in paragraphs:
        # Only prose and captions are read (for their sections and sentences): table bodies, legends and headings
        # keep an empty clean text.
        if p.kind in _READ_KINDS:
            _fill_clean(text, p, vocab, cleaning)
    return paragraphs


_READ_KINDS = frozenset({"prose", "figure_caption", "table_caption"})
# Characters that are not an ASCII letter or '-' but whose lower case holds one (dotted capital I, Kelvin sign).
_LOWER_TO_ASCII = ("\u0130", "\u212a")


class _Vocabulary:
    """Whether a word (ASCII letters, single inner hyphens, lower case) is one of the text's words (``_WORD_RE``,
    lower-cased). A paper breaks few words across lines: each is looked up in the lower-cased text instead of
    listing every word of it. The text is lower-cased as UTF-8 bytes (``bytes.lower`` changes ASCII letters only,
    many times faster than ``str.lower`` on text beyond ASCII): only ASCII letters and '-' are read around a word,
    and a character beyond ASCII is no such character lower-cased (but for those of ``_LOWER_TO_ASCII``, which send
    the text to the word list) nor holds such a byte in UTF-8."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low: bytes | None = None
        self.words: set[str] | None = None

    def _bytes(self) -> bytes | None:
        """The lower-cased text as bytes, made at the first look-up (None: the text holds a character of
        ``_LOWER_TO_ASCII``, and ``words`` is set)."""
        if self.low is None and self.words is None:
            if any(ch in self.text for ch in _LOWER_TO_ASCII):
                self.words = _vocabulary(self.text)
            else:
                # 'surrogatepass': a lone surrogate becomes bytes beyond ASCII, as any other such character
                self.low = self.text.encode("utf-8", "surrogatepass").lower()
        return self.low

    def __contains__(self, word: str) -> bool:
        low = self._bytes()
        if low is None or not word.isascii():
            if self.words is None:
                self.words = _vocabulary(self.text)
            return word in self.words
        return _is_word_of(low, word.encode())


def _is_word_of(low: bytes, word: bytes) -> bool:
    """Whether ``word`` is a ``_WORD_RE`` word of ``low`` (a lower-cased text as UTF-8 bytes, its characters none
    of ``_LOWER_TO_ASCII``, so its ASCII letters are all lower case)."""
    p = low.find(word)
    while p != -1:
        if _whole(low, p, p + len(word)):
            return True
        p = low.find(word, p + 1)
    return False


_A, _Z, _HYPHEN = ord("a"), ord("z"), ord("-")


def _whole(low: bytes, p: int, q: int) -> bool:
    """Whether low[p:q] (letters and hyphens) is a whole word of ``low``: it begins at a letter that follows
    neither a letter nor a hyphen after a letter (else the word before would take it in), and ends before a
    character that is neither a letter nor a hyphen before a letter (else it would go on)."""
    if p > 0:
        before = low[p - 1]
        if _A <= before <= _Z or (before == _HYPHEN and p > 1 and _A <= low[p - 2] <= _Z):
            return False
    if q < len(low):
        after = low[q]
        if _A <= after <= _Z or (after == _HYPHEN and q + 1 < len(low) and _A <= low[q + 1] <= _Z):
            return False
    return True


def _vocabulary(text: str) -> set[str]:
    """The lower-cased words of a text."""
    return {w.lower() for w in _WORD_RE.findall(text)}


_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _keep_hyphen(left: str, right: str, vocab: set[str] | _Vocabulary) -> bool:
    """Whether the hyphen at a line break is a real one ('non-cancerous', '2-12') or splits a word ('re-turned')."""
    if not left or not right:
        return True
    if left[-1].isdigit() or right[0].isdigit() or right[0].isupper() or not left[-1].isalpha():
        return True
    # The ASCII letters that end ``left`` and begin ``right`` (``left`` ends with a letter, so no newline).
    a = left[len(left.rstrip(_ASCII_LETTERS)):].lower()
    b = right[:len(right) - len(right.lstrip(_ASCII_LETTERS))].lower()
    if not a or not b:
        return True
    if (a + b) in vocab:
        return False
    # A word that keeps its hyphen keeps it whether or not the text also prints it hyphenated.
    return a in _KEEP_HYPHEN or f"{a}-{b}" in vocab


def _cleaning(text: str) -> list[tuple[str, str]]:
    """The replacements of ``_CLEAN_MAP`` whose character occurs in the text (few do)."""
    return [(k, v) for k, v in _CLEAN_PAIRS if k in text]


def _clean(raw: str, cleaning: list[tuple[str, str]]) -> str:
    """``raw.translate(_CLEAN_MAP)``: ``cleaning`` holds every replacement whose character is in ``raw``. Each
    replaces one character by one that is no key of the map, so replacing them in turn gives the same text; on
    text that is not ASCII, ``str.translate`` looks every character up in a dict and is many times slower."""
    for k, v in cleaning:
        if k in raw:
            raw = raw.replace(k, v)
    return raw


def _fill_clean(text: str, p: Paragraph, vocab: set[str] | _Vocabulary,
                cleaning: list[tuple[str, str]] | None = None) -> None:
    """Build the clean text of a paragraph and the source offset of each character (``cleaning``: that of the
    text the paragraph is cut from, see ``_cleaning``)."""
    parts: list[str] = []  # raw pieces of the clean text: stripped lines and the spaces joining them
    offs: list[int] = []
    # Where each block's characters begin in the clean text, with the block: recorded after the join before its
    # first line is made (a joining space, or a hyphen dropped, belongs to the character before it, the block
    # before), every later change (a joining space, a hyphen dropped) falling in the block's own characters. So
    # a character's block is that of the last cut at or before it: the block of each character, filled in at the
    # end, as it was when a list of blocks grew with the characters.
    cuts: list[tuple[int, int]] = []
    n_text = len(text)
    for b in p.blocks:
        bi = b.index
        cut = True
        for s, e in b.lines:
            seg = text[s:e]
            stripped = seg.strip()
            if stripped is not seg:  # str.strip gives back the string itself when it strips nothing
                s += len(seg) - len(seg.lstrip())
                seg = stripped
            if not seg:
                continue
            if parts:
                last = parts[-1]
                if last[-1] == "-" and len(offs) >= 2 and (
                        last[-2] if len(last) > 1 else _char_before_last(parts)) != " ":
                    if not _keep_hyphen(_tail(parts, 30)[:-1], seg, vocab):
                        parts[-1] = last[:-1]
                        if not parts[-1]:
                            parts.pop()
                        offs.pop()
                else:
                    parts.append(" ")
                    o = offs[-1] + 1
                    offs.append(o if o < n_text else offs[-1])
            if cut:
                cuts.append((len(offs), bi))
                cut = False
            parts.append(seg)
            offs.extend(range(s, s + len(seg)))
    if len(cuts) == 1:
        blk: tuple[int, ...] = (cuts[0][1],) * len(offs)
    else:
        blk = ()
        for (k, bi), (nxt, _) in pairwise([*cuts, (len(offs), -1)]):
            blk += (bi,) * (nxt - k)
    raw = "".join(parts)
    p.text = _clean(raw, _cleaning(raw) if cleaning is None else cleaning)
    p.offsets = tuple(offs)
    p.block_of = blk


def _tail(parts: list[str], n: int) -> str:
    """The last ``n`` characters of the joined parts."""
    out = ""
    k = len(parts) - 1
    while k >= 0 and len(out) < n:
        out = parts[k] + out
        k -= 1
    return out[-n:]


def _char_before_last(parts: list[str]) -> str:
    """The second last character of the joined parts (they hold two or more)."""
    return _tail(parts, 2)[0]


def _is_abbreviation_word(word: str) -> bool:
    """Whether a period after ``word`` (the token before a lone period, or a token without its final period)
    closes an abbreviation or an initial."""
    w = word.lower()
    if w in _ABBREVIATIONS or w.rstrip(".") in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True
    return "." in w and len(w) <= 5 and w.replace(".", "").isalpha()


@lru_cache(maxsize=1)
def _row_attrs() -> list[int]:
    """spaCy's ids of a token's start, length and trailing space, looked up once."""
    from spacy.attrs import IDX, LENGTH, SPACY

    return [IDX, LENGTH, SPACY]


def _may_open(ch: str) -> bool:
    """Whether a token beginning with ``ch`` can begin a sentence (the test of ``paragraph_to_sentence_ranges``)."""
    return ch.isupper() or ch.isdigit() or ch in "([\"'"


# A terminal followed, after at most one space, by a character that may open a sentence: an ASCII one that
# ``_may_open`` accepts (its capitals, digits, brackets and quotes: ``str.isupper`` and ``str.isdigit`` hold for no
# other ASCII character), or any character beyond ASCII, which ``_candidates`` then tests with ``_may_open``. The
# optional space is tried first and given back only when the character after it fails, as the test of
# ``_candidates`` looks past a space only: a space is no such character, so both read the same character.
_CANDIDATE_RE = re.compile(r"[.?!](?= ?[A-Z0-9(\[\"'\x80-\U0010ffff])")


def _candidates(text: str) -> list[int]:
    """The terminals of a paragraph that may end a sentence.

    Only the token after one that ends in '.', '?' or '!' can begin a sentence, and it must begin with a capital,
    a digit, a bracket or a quote. Tokens cover the text without gaps, a single space between two is no token and
    any other white space is a token of its own (which begins with white space): so that token begins with the
    character after the terminal, or the one after that when a single space follows it. Terminals followed
    otherwise cannot end a sentence; a paragraph with none left needs no tokenizer."""
    if text.isascii():
        return [m.start() for m in _CANDIDATE_RE.finditer(text)]
    cands = []
    for m in _CANDIDATE_RE.finditer(text):
        c = m.start()
        nxt = text[c + 1]
        if nxt == " ":
            nxt = text[c + 2]
        if nxt < "\x80" or _may_open(nxt):
            cands.append(c)
    return cands


def paragraph_to_sentence_ranges(text: str) -> list[tuple[int, int]]:
    """Clean-text [start, end) of each sentence of a paragraph, by our rules over spaCy tokens."""
    starts = [0]
    label = _LABEL_RE.match(text) if ":" in text else None  # a label ends with a colon
    if label and label.group("label").lower() in ABSTRACT_LABELS:
        starts.append(label.end())
    cands = _candidates(text)
    if cands:
        sp = _nlp()
        doc = sp.nlp.make_doc(_blank_outside(text, _windows(text, cands, sp.crossing)))
        # One array call, read as three columns (no Token object, nor a list, per token): each token's start in
        # the text (the blanked text keeps every offset), its length (one or more) and whether a space follows.
        idxs, lens, spaced = doc.to_array(_row_attrs()).T.tolist() if len(doc) else ([], [], [])
        n = len(idxs)
        for c in cands:
            # The token holding the terminal, when the terminal is its last character (it then ends in '.', '?'
            # or '!', as every candidate is one of them).
            j = bisect_right(idxs, c) - 1
            if not 0 <= j < n - 1:
                continue
            start = idxs[j]
            if start + lens[j] - 1 != c:
                continue
            i = j + 1
            if start == c:  # the terminal alone
                if not spaced[j]:
                    continue
            elif text[start:c].replace(".", "").isdigit():
                continue
            at = idxs[i]
            ch = text[at]
            if not (ch.isupper() or ch.isdigit() or (ch in "([\"'" and lens[i] == 1 and i + 1 < n
                                                       and text[idxs[i + 1]].isupper())):
                continue
            if text[c] == ".":
                # The word the period closes: the token before a lone period (none when a space parts them),
                # else the token without its period.
                if start != c:
                    if _is_abbreviation_word(text[start:c]):
                        continue
                elif j >= 1 and not spaced[j - 1] and _is_abbreviation_word(text[idxs[j - 1]:start]):
                    continue
            starts.append(at)
    starts = sorted(set(starts))
    out = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(text)
        seg = text[s:e]
        ls = s + len(seg) - len(seg.lstrip())
        le = s + len(seg.rstrip())
        if le > ls:
            out.append((ls, le))
    return out


# White space other than the plain space (stdlib ``re``: its \s is exactly ``str.isspace``, the test spaCy's
# tokenizer splits on; ``regex`` differs on U+001C..U+001F).
_OTHER_SPACE_RE = re.compile(r"[^\S ]")
# The ASCII characters that _OTHER_SPACE_RE matches (the ASCII ones str.isspace takes, less the space).
_ASCII_OTHER_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _other_space(text: str) -> bool:
    """Whether ``_OTHER_SPACE_RE`` finds white space other than the space in ``text``: in ASCII text, whether one
    of ``_ASCII_OTHER_SPACES`` occurs (nine scans in C, much cheaper than the pattern's test of every character)."""
    if text.isascii():
        return any(ch in text for ch in _ASCII_OTHER_SPACES)
    return _OTHER_SPACE_RE.search(text) is not None


def _windows(text: str, cands: list[int], crossing: dict[str, list[tuple[str, str]]] | None
             ) -> list[tuple[int, int]]:
    """Runs of a paragraph that, tokenized with the text between them blanked, give the tokens the whole
    paragraph gives there, and hold every token ``paragraph_to_sentence_ranges`` reads about each candidate.

    spaCy's tokenizer cuts the text at white space into words and splits each word by itself (prefixes, suffixes,
    infixes, special cases); then it looks for special cases of several tokens (':)', 'Mr.' as 'Mr' '.') with a
    phrase matcher, which sees tokens, not the spaces between them. A run may thus end between two words only
    where no such special case can go on across the gap: the gap holds a white-space token (two spaces or more;
    no special case of several tokens holds one), or the word before does not end with token A or the word after
    does not begin with token B for every two tokens A, B that follow each other in a special case
    (``crossing``). A run holds the terminal's word, the word before (the token before the terminal's, and the
    space after it) and the two words after (the token after the terminal's and the one after that), so a token
    whose trailing space the run might not see is never read. Without ``crossing``, or with white space other
    than spaces in the text: the whole paragraph."""
    n = len(text)
    if crossing is None or _other_space(text):
        return [(0, n)]
    pairs = crossing

    def is_cut(end: int, start: int) -> bool:
        """Whether the gap text[end:start] between two words is a place to end a run."""
        if start - end > 1:
            return True
        for a, b in pairs.get(text[end - 1] + text[start], ()):
            if text.startswith(b, start) and text.endswith(a, 0, end):
                return False
        return True

    out: list[tuple[int, int]] = []
    for c in cands:
        a = text.rfind(" ", 0, c) + 1  # the start of the terminal's word
        words = 0  # words taken before it
        # A run whose terminal's word begins inside the run before joins it (and begins no earlier than it: the
        # same gaps are tried from further on), so its start need not be sought.
        while a > 0 and not (out and a <= out[-1][1]):
            p = a - 1
            while p >= 0 and text[p] == " ":
                p -= 1
            if p < 0:
                a = 0
                break
            # is_cut(p + 1, a), its usual answers first: a gap of several spaces, or no pair for the two characters
            if words >= 1 and (a - p > 2 or text[p] + text[a] not in pairs or is_cut(p + 1, a)):
                break
            a = text.rfind(" ", 0, p) + 1
            words += 1
        b = text.find(" ", c)  # the end of the terminal's word
        words = 0  # words taken after it
        while b != -1:
            q = b
            while q < n and text[q] == " ":
                q += 1
            if q == n:
                break
            if words >= 2 and (q - b > 1 or text[b - 1] + text[q] not in pairs or is_cut(b, q)):
                break
            b = text.find(" ", q)
            words += 1
        b = n if b == -1 else b
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _blank_outside(text: str, windows: list[tuple[int, int]]) -> str:
    """The text with every character outside the windows made a space: offsets stay, and each stretch blanked is
    the one space of the text between two windows that meet there, or two spaces or more (it holds a word and a
    space), a white-space token that no special case of several tokens holds."""
    if windows == [(0, len(text))]:
        return text
    parts = []
    pos = 0
    for a, b in windows:
        parts.append(" " * (a - pos))
        parts.append(text[a:b])
        pos = b
    parts.append(" " * (len(text) - pos))
    return "".join(parts)


def document_to_sentences(document: Document, tables: Sequence[Table] = ()) -> list[Sentence]:
    """Every sentence of prose and captions, in logical reading order, with its section."""
    blocks = document_to_blocks(document, tables)
    paragraphs = blocks_to_paragraphs(document, blocks)
    assign_sections(document, paragraphs)
    out: list[Sentence] = []
    for pi, p in enumerate(paragraphs):
        if p.kind not in _READ_KINDS or not p.text:
            continue
        section, kind = p.section, p.kind
        if section in ("references", "title"):
            continue
        text, offsets, block_of = p.text, p.offsets, p.block_of
        for a, b in paragraph_to_sentence_ranges(text):
            out.append(_sentence(text[a:b], offsets[a:b], block_of[a:b], section, pi, len(out), kind))
    return out


_new_object = object.__new__


def _sentence(text: str, offsets: tuple[int, ...], block_of: tuple[int, ...], section: str, paragraph: int,
              index: int, kind: str) -> Sentence:
    """``Sentence(text, offsets, block_of, section, paragraph, index, kind)``: the same fields put in the instance
    dict at once, where the frozen dataclass's ``__init__`` sets them one by one through ``object.__setattr__``
    (it has no ``__post_init__``); a paper has hundreds of sentences."""
    s = _new_object(Sentence)
    s.__dict__.update(text=text, offsets=offsets, block_of=block_of, section=section, paragraph=paragraph,
                      index=index, kind=kind)
    return s


def string_to_sentences(text: str) -> list[Sentence]:
    """Sentences of a string (convenience for tests and the synthetic round trip)."""
    return document_to_sentences(Document(source_text=text))
