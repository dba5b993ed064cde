"""A neutral voice, checked: every sentence that reports what a source says names whose claim it is.

The rule tested (GUIDE.md, "Attribution in every sentence that reports a source"):

- Every sentence of a chapter's summary and every main claim is *attributed*: it names one of the
  chapter's voices (`book/voices.yml`: "Baserli", "the article", "Avakian's editor", …), uses "according
  to", refers back to the author with "he", "his" or "him", or has a paragraph of the text as its
  grammatical subject ("¶ 3 narrates…", "In ¶ 4 …"). Editorial sentences that report nothing the source
  claims (the editors' own observations about the text) are listed in EDITORIAL below, by their opening
  words, so that each exception is visible and deliberate.
- Every event label in `book/data/timeline.csv` is attributed in the same way (naming a voice of one
  of the chapters that mention it, or "according to"; a pronoun does not count here), or records a
  citation ("Cited edition: …"), or names an event that the reference chronology
  (`book/chronology.yml`) dates with a cited reference.
- Every reference in the datasets has a standpoint sentence, and every standpoint sentence follows one
  pattern.
"""

import re

from readertools.content.standpoints import cited_references, standpoint
from readertools.content.voices import names

PRONOUNS = ("according to", "he", "his", "him", "in its account", "in their account")
# Editorial sentences of a summary (the editors' own observations), by their opening words.
EDITORIAL = {
    "henry": ("Chile frames the piece, but most of its evidence comes from Russia",),
}
PATTERN = re.compile(r"[^;]+: [^;]+; standpoint: [^;]+\.")
ABBREVIATIONS = re.compile(r"\b(?:[A-Z]|vol|p|pp|no|chap|ed|cf|St|Mr|Dr|coll)\.")


def sentences(text: str) -> list[str]:
    masked = ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\0"), " ".join(text.split()))
    parts = re.split(r"(?<=[.!?])[”’)]?\s+(?=[A-Z¶“‘(])", masked)
    return [part.replace("\0", ".").strip() for part in parts if part.strip()]


def attributed(sentence: str, chapter: str, voices: dict, pronouns: bool = True) -> bool:
    if re.match(r"^(?:In |At )?¶", sentence):
        return True
    terms = {*names(voices, chapter), *(PRONOUNS if pronouns else ("according to",))}
    return any(re.search(rf"(?<!\w){re.escape(term)}(?:[’']s)?(?!\w)", sentence, re.IGNORECASE)
               for term in terms)




def test_the_sentence_splitter_keeps_initials_and_abbreviations():
    assert sentences("V. I. Lenin wrote it (vol. 32, p. 199). He argues ¶ 3. “Then” she left.") == [
        "V. I. Lenin wrote it (vol. 32, p. 199).", "He argues ¶ 3.", "“Then” she left."]


def test_the_rule_refuses_a_sentence_in_the_sources_voice(book):
    assert not attributed("The soviets grew from 300 in March to 1,200 in October.", "henry", book.voices)
    assert attributed("According to Henry, the soviets grew from 300 to 1,200.", "henry", book.voices)
    assert attributed("Baserli argues that the bureaucracy consolidated its power.", "baserli", book.voices)


def test_every_summary_sentence_and_claim_names_whose_claim_it_is(chapter_id, book):
    apparatus, voices = book.apparatus[chapter_id], book.voices
    unattributed = [s for s in sentences(apparatus.summary)
                    if not attributed(s, chapter_id, voices) and not s.startswith(EDITORIAL.get(chapter_id, ()))]
    unattributed += [claim.text for claim in apparatus.claims if not attributed(claim.text, chapter_id, voices)]
    assert not unattributed, f"{chapter_id}: sentences that do not say whose claim they are: {unattributed}"


def test_every_timeline_label_is_attributed_or_dated_by_a_reference(book):
    rows = book.timeline
    referenced = {event_id for entry in book.chronology for event_id in entry.event_ids}
    chapters = {}
    for row in rows:
        chapters.setdefault((row["event_id"], row["event"]), set()).add(row["chapter"])
    bad = [label for (event_id, label), found in chapters.items()
           if event_id not in referenced and not label.startswith("Cited edition:")
           and not any(attributed(label, chapter, book.voices, pronouns=False) for chapter in found)]
    assert not bad, f"timeline labels that state a source's claim as fact: {bad}"


def test_every_dataset_reference_has_a_standpoint_sentence_in_one_pattern(book):
    missing = sorted(ref for ref in cited_references(book.datasets, book.chronology, (*book.glossary, *book.people))
                     if standpoint(ref, book.standpoints) is None)
    assert not missing, f"references without a standpoint sentence: {missing}"
    for reference, sentence in book.standpoints.items():
        assert PATTERN.fullmatch(sentence), f"{reference}: {sentence!r} does not follow the pattern"
