"""Raw text to sentences: hyphenation, rejoined sentences, page fragments, abbreviations, spans into source_text."""

from __future__ import annotations

from paperaudit.extract import string_to_document
from paperaudit.extract._sentences import document_to_sentences, string_to_sentences


def _texts(text: str) -> list[str]:
    return [s.folded for s in string_to_sentences(text)]


def test_hyphenated_line_break_is_joined_and_real_hyphens_kept() -> None:
    text = "Results\n\nPain scores re-\nturned to baseline in non-\ncancerous pain over 2-\n12 weeks (7-\n10).\n"
    (s,) = string_to_sentences(text)
    assert "returned" in s.text
    assert "non-cancerous" in s.text
    assert "2-12 weeks" in s.text
    assert "(7-10)" in s.text
    # Every clean character still points at the same character of the source (modulo the joined line breaks).
    for ch, off in zip(s.text, s.offsets, strict=True):
        if ch != " ":
            assert text[off] == ch or text[off] in "\u2212\u2013"


def test_a_word_seen_whole_elsewhere_is_joined() -> None:
    text = "Methods\n\nThe follow-up visit came late. The follow-\nup visit was at 6 months.\n"
    sentences = _texts(text)
    assert sentences[-1].startswith("The follow-up visit")


def test_abbreviations_and_statistics_do_not_end_sentences() -> None:
    text = ("Results\n\nScores fell (Fig. 1) vs. baseline as Smith et al. found, e.g. in No. 3 and i.e. all, "
            "t(28) = 2.2, P = 0.13. Next sentence here.\n")
    sentences = _texts(text)
    assert len(sentences) == 2
    assert sentences[0].endswith("P = 0.13.")


def test_sentence_broken_by_a_table_is_rejoined_with_two_spans() -> None:
    text = (
        "Results\n\nOpioid use fell from 184 to 92 mg, and the decrease was\n\n"
        "Table 1. Characteristics of the patients.\n\nPatient Age Sex\n\n1 28 M\n\n2 46 F\n\n"
        " statistically significant (P = 0.015). Later it rose.\n"
    )
    sentences = string_to_sentences(text)
    joined = [s for s in sentences if "decrease was" in s.text]
    assert len(joined) == 1
    s = joined[0]
    assert "statistically significant (P = 0.015)" in s.text
    assert len(s.spans) == 2
    assert text[s.spans[0][0]:s.spans[0][1]].startswith("Opioid use")
    assert text[s.spans[1][0]:s.spans[1][1]].startswith("statistically")
    assert not any("28 M" in x.text for x in sentences)


def test_page_fragment_printed_before_its_start_is_put_back() -> None:
    text = (
        "Abstract\n\nWe studied pain.\n 5 cm being the worst pain). Patients were seen weekly.\n\n"
        "Methods\n\nAll patients had a pain score exceeding 3 cm on a scale (0 cm being no pain and\n"
    )
    sentences = string_to_sentences(text)
    joined = [s for s in sentences if "exceeding 3 cm" in s.text]
    assert len(joined) == 1
    assert joined[0].text.endswith("the worst pain).")
    assert joined[0].section == "methods"
    assert len(joined[0].spans) == 2


def test_structured_abstract_results_label_is_not_the_results_section() -> None:
    text = ("Background: Pain is common.\n\nMethods: We saw 18 patients.\n\nResults: Five patients improved.\n\n"
            "Conclusions: It helps.\n\nIntroduction\n\nPain is hard.\n\nResults\n\nEleven patients improved.\n")
    by_text = {s.folded: s.section for s in string_to_sentences(text)}
    assert by_text["Five patients improved."] == "abstract"
    assert by_text["Eleven patients improved."] == "results"


def test_references_and_table_bodies_yield_no_sentences() -> None:
    text = ("Results\n\nScores were 7 ± 2.\n\nTable 2. Scores.\n\nGroup Mean SD\n\nA 7 2\n\nB 8 3\n\n"
            "References\n\n1. Smith J. Pain 2001;12:34-56.\n")
    doc = string_to_document(text)
    sentences = document_to_sentences(doc)
    assert [s.section for s in sentences if "7 ± 2" in s.text] == ["results"]
    assert not any("Smith" in s.text or "A 7 2" in s.text for s in sentences)


def test_fragments_that_continue_each_other_do_not_loop() -> None:
    """Two page fragments, each continuing the other, once made the paragraph builder loop for ever."""
    text = " 5 a dangling start\n\n 2 continues here and\n"
    sentences = string_to_sentences(text)
    assert sentences and all(0 <= a <= b <= len(text) for s in sentences for a, b in s.spans)
    random_text = (" 5%i>% %Rlf nR <v8h>eIT;2tt>r 9iD±2 .Oe  I 1SeI8 Dngs8n a.od h 21< /-9te4t7ase5–pm.D3g "
                   "·abs)hsF  oO D1ie9<tag.± b;nFe[ F bC Tn2\n. F F%Fse3PmnFsm. ea.O2,675<i 4Ig.%2 9e7NfR    9 "
                   "<χv<n,i1(%dn.td5s\n rhRh ;[;effTrP]e=eFvF·e−rn,  e: ni5 et[<.e[a2Fiho g\nt")
    string_to_sentences(random_text)
