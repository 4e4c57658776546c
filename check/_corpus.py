"""audit_corpus: many papers through audit_paper (placeholder: sequential, in-process)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from paperaudit.schemas import AuditReport, AuditSettings, PaperAuditError

from ._audit import audit_paper


def audit_corpus(
    paths: Iterable[str | os.PathLike[str]],
    settings: AuditSettings | dict | None = None,
    jobs: int = 1,
    backend: str = "processes",
) -> Iterator[AuditReport]:
    """Audit each paper; a paper that cannot be read yields a report whose `error` says why."""
    settings = AuditSettings.resolve(settings)
    for p in paths:
        try:
            yield audit_paper(p, settings)
        except PaperAuditError as exc:
            yield AuditReport(path=str(p), source_text="", error=exc.one_line())
