"""Sections of a paper: headings, structured-abstract labels, captions, table blocks and reference lists.

Each logical paragraph (from ``_sentences``) gets one ``Section``: a heading line opens a section; the labels of
a structured abstract ("Background:", "Results:", ...) keep their paragraphs in the abstract (its own "Results:"
label is not the Results section); the first unlabelled paragraph after them starts the introduction; captions,
table bodies and legends are sections of their own; everything after a References heading is the reference list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import regex

from paperaudit.schemas import Document


class _Paragraph(Protocol):
    blocks: list[Any]
    section: str
    text: str


_HEADINGS: list[tuple[str, str]] = [
    (r"abstract|summary", "abstract"),
    (r"introduction|background", "introduction"),
    (r"(?:materials?|patients?|subjects?|participants?)\s+and\s+methods?|methods?(?:\s+and\s+\w+)?|methodology"
     r"|study\s+design|statistical\s+analys[ie]s", "methods"),
    (r"results?(?:\s+and\s+discussion)?|findings", "results"),
    (r"discussion|general\s+discussion|comment", "discussion"),
    (r"conclusions?|concluding\s+remarks", "conclusion"),
    (r"references?|bibliography|literature\s+cited|works\s+cited", "references"),
    (r"acknowledge?ments?|funding|conflicts?\s+of\s+interest|disclosures?|author\s+contributions?", "other"),
]
_HEADING_RE = regex.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+|[IVX]+\.\s+)?(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEADINGS))
    + r")\s*:?\s*$",
    regex.IGNORECASE,
)
_LABEL_RE = regex.compile(r"^\s*(?P<label>[A-Z][A-Za-z]+(?:[ /&,-]+(?:and\s+)?[A-Za-z]+){0,3})\s*:\s+(?=\S)")
ABSTRACT_LABELS = frozenset({
    "background", "objective", "objectives", "aim", "aims", "purpose", "context", "introduction", "methods",
    "method", "design", "study design", "setting", "settings", "participants", "patients", "subjects",
    "intervention", "interventions", "measurement", "measurements", "main outcome measures", "outcome measures",
    "outcomes", "results", "findings", "limitations", "conclusion", "conclusions", "interpretation",
    "background and objectives", "background and aims", "materials and methods", "patients and methods",
    "trial registration", "importance", "exposures", "main outcomes and measures", "conclusions and relevance",
    "evidence", "significance", "key words", "keywords", "funding",
})

def assign_sections(document: Document, paragraphs: Sequence[_Paragraph]) -> None:
    """Section of each paragraph: headings, structured-abstract labels, captions, tables, references."""
    text = document.source_text
    current = "other"
    labelled = 0
    seen_body_heading = False
    first_prose = True
    has_headings = any(p.blocks[0].kind == "heading" for p in paragraphs)
    for p in paragraphs:
        b = p.blocks[0]
        if b.kind == "heading":
            assert b.heading is not None
            current = b.heading
            if current != "abstract":
                seen_body_heading = True
            p.section = current
            continue
        if b.kind in ("table_caption", "figure_caption", "table_body", "table_legend"):
            p.section = "references" if current == "references" else {
                "table_caption": "table_caption", "figure_caption": "figure_caption",
                "table_body": "table_body", "table_legend": "table_legend"}[b.kind]
            continue
        if current == "references":
            p.section = current
            continue
        lm = _LABEL_RE.match(p.text)
        label = lm.group("label").lower() if lm else None
        if label in ("key words", "keywords"):
            p.section = "abstract"
            if labelled:
                current = "introduction" if not seen_body_heading else current
            continue
        if label in ABSTRACT_LABELS and not seen_body_heading:
            current = "abstract"
            labelled += 1
            p.section = "abstract"
            first_prose = False
            continue
        if current == "abstract" and labelled >= 2 and not seen_body_heading:
            current = "introduction"
        if first_prose and current == "other":
            first_prose = False
            raw = text[p.blocks[0].start:p.blocks[-1].end]
            if len(p.blocks[0].lines) <= 3 and not raw.rstrip().endswith(".") and has_headings:
                p.section = "title"
                continue
        if current == "other" and has_headings and not seen_body_heading:
            p.section = "abstract"
            continue
        p.section = current


