"""Document: the text of a paper as read, which every later object points into by span.

Spans are half-open ``[start, end)`` indices (code points) into ``Document.source_text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Span(BaseModel):
    """A half-open ``[start, end)`` range of ``source_text``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self


class Line(BaseModel):
    """One line of ``source_text`` (without its line ending)."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(None, description="1-based page number, when known.")


class Word(BaseModel):
    """A word with its place on the page (PDF input only); ``start``/``end`` point into ``source_text``."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int = Field(ge=1)
    x0: float
    x1: float
    top: float
    bottom: float


class Page(BaseModel):
    """A page of the input and the part of ``source_text`` that came from it."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    width: float | None = None
    height: float | None = None
    columns: int | None = Field(None, description="Text columns detected on the page (PDF).")
    error: str | None = Field(None, description="Why this page could not be read, if it could not.")


class Document(BaseModel):
    """The text of a paper and its layout: what every later step reads."""

    model_config = ConfigDict(frozen=True)

    path: str | None = Field(None, description="Where the paper was read from.")
    reader: Literal["txt", "pdf", "string"] = "string"
    source_text: str
    encoding: str | None = Field(None, description="Encoding used to decode a .txt input.")
    notes: list[str] = Field(default_factory=list, description="What the reader had to do (fallbacks, skipped pages).")
    pages: list[Page] = Field(default_factory=list)
    lines: list[Line] = Field(default_factory=list)
    words: list[Word] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_inside(self) -> Document:
        n = len(self.source_text)
        items: list[Page | Line | Word] = [*self.pages, *self.lines, *self.words]
        for item in items:
            if not 0 <= item.start <= item.end <= n:
                raise ValueError(f"span {item.start}:{item.end} outside source_text (length {n})")
        return self

    def text_at(self, start: int, end: int) -> str:
        """``source_text[start:end]``."""
        return self.source_text[start:end]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, as editors count them."""
        line = self.source_text.count("\n", 0, offset) + 1
        col = offset - (self.source_text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def page_of(self, offset: int) -> int | None:
        """1-based page holding a character offset, when pages are known."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None
