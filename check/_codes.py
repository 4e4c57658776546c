"""The stable finding codes: PA1xx reading, PA2xx prose against a table, PA3xx across claims and within a
table, PA4xx checks without a table (GRIM family), PA5xx test statistics and P values.

A code never changes meaning once released; retire a code rather than reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperaudit.schemas import Severity


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    description: str
    severity: Severity = "error"


CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # PA1xx: extraction and reading
        Code("PA101", "ambiguous table row",
             "A table line admits more than one splitting into cells; every reading is listed and the row is "
             "not used to recompute until a person picks one.", "warning"),
        Code("PA102", "table not recovered",
             "A table caption was found but no body rows could be recovered from the text around it.", "warning"),
        Code("PA103", "reading note",
             "The input needed a fallback (another text encoding, a page that failed, a table read from text "
             "because the PDF geometry was unclear).", "info"),
        Code("PA104", "unreadable page",
             "A page of the PDF could not be read; the rest of the document was read.", "warning"),
        # PA2xx: prose against the table
        Code("PA201", "mean", "A reported mean recomputed from the linked table cells."),
        Code("PA202", "standard deviation",
             "A reported SD recomputed from the linked cells (n-1 by default; a value reproduced only with the "
             "n formula is consistent with a note)."),
        Code("PA203", "median", "A reported median recomputed from the linked cells."),
        Code("PA204", "range", "A reported minimum or maximum recomputed from the linked cells."),
        Code("PA205", "count", "A reported number of patients recomputed as the number of rows that fit."),
        Code("PA206", "category counts", "Counts per category ('10 men and 8 women') recomputed from a column."),
        Code("PA207", "total", "A reported total recomputed as the sum of a column."),
        Code("PA208", "percentage", "A reported percentage recomputed from counts of rows."),
        Code("PA209", "threshold count",
             "The number of rows meeting a threshold ('less than 50% of baseline'); values exactly on the "
             "threshold are reported with the strict and inclusive counts."),
        Code("PA210", "change", "A reported before/after change recomputed from two columns."),
        Code("PA211", "P value from the table",
             "A reported P recomputed by running the test the Methods name on the linked rows; another test or "
             "variant that reproduces it is named in a note."),
        Code("PA212", "quartiles", "A reported quartile or IQR recomputed from the linked cells."),
        Code("PA220", "not in the table",
             "The claim concerns a group, quantity or time point the table does not hold, so it cannot be "
             "checked against the table.", "info"),
        Code("PA221", "ambiguous link",
             "Several readings of the claim fit (different subsets or columns); each is listed with its own "
             "recomputed value and verdict.", "warning"),
        Code("PA222", "named patient",
             "A statement about one named or numbered patient compared with that patient's row."),
        # PA3xx: across claims and within a table
        Code("PA301", "reported twice, differently",
             "The same quantity is reported in two places with values that do not agree."),
        Code("PA302", "statement contradicted by rows",
             "A statement about all patients (an inclusion rule, 'all', 'none') that some table rows break."),
        Code("PA303", "counts do not add up",
             "Counts that must add up (parts against their total) do not."),
        Code("PA304", "summary row",
             "A summary row printed in the table (Mean, SD, Total, %) recomputed from the table's body rows."),
        # PA4xx: checks without a table
        Code("PA401", "GRIM",
             "A mean of integer data that no set of n integers can produce at the reported decimals."),
        Code("PA402", "GRIMMER",
             "An SD of integer data that no set of n integers with the reported mean can produce."),
        Code("PA403", "DEBIT",
             "A mean and SD of binary data that cannot come from n observations."),
        Code("PA404", "percentage against count",
             "A percentage that does not match its count and denominator."),
        Code("PA405", "impossible summary",
             "Summary numbers that cannot hold together (a mean or median outside the reported range, a "
             "negative SD, a minimum above the maximum)."),
        # PA5xx: test statistics and P values
        Code("PA501", "P from the test statistic",
             "A reported P recomputed from its test statistic and degrees of freedom (t, F, chi2, r, z)."),
        Code("PA502", "decision error",
             "A P recomputed from its test statistic falls on the other side of alpha from the reported one.",
             "error"),
        Code("PA503", "degrees of freedom",
             "Degrees of freedom that do not fit the sample size the paper reports.", "warning"),
    ]
}


def code_info(code: str) -> Code:
    """The registered code; KeyError when unknown."""
    return CODES[code.upper()]


def explain(code: str) -> str:
    """The long form of a code, as `paperaudit explain CODE` prints it."""
    c = code_info(code)
    return f"{c.code}  {c.title}  (default severity: {c.severity})\n\n{c.description}\n"
