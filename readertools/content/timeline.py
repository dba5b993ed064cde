"""The timeline's list of events, generated from `book/data/timeline.csv`: each event with every
mention of it, linked to its paragraph or note, and the dates each mention gives; beside a mention
whose date an editor's note or a quotation identification disputes, the better date and a link to
the entry that gives it (`content.timeline_disputes`).

Written to be read on a phone: the events are grouped by the decade of their earliest mention (a
heading each, so "On this page" leads to a decade), the mentions of one event that give the same
date in the same voice share one entry ("1871: the AllRussias lecture notes (1.¶ 1, 1.¶ 8)"),
a line names the chapters the events come from, which `book/_static/reader.js` turns into a filter
by source (`reader-timeline-sources`, `reader-timeline`), and each decade's events are one tight list
that `book/_static/reader.css` sets compactly (`reader-dates`, as the reference chronology).
"""

from datetime import date
from itertools import groupby

from readertools.content.references import reference_label
from readertools.content.timeline_disputes import better_dates
from readertools.content.voices import speaker
from readertools.labels import editor_note_label, paragraph_label, place_link
from readertools.text.myst import literal


def shown(iso: str, precision: str) -> str:
    parts = [int(part) for part in iso.split("-")]
    text = date(*parts, *[1] * (3 - len(parts))).strftime(
        {1: "%Y", 2: "%B %Y", 3: "%-d %B %Y"}[len(parts)])
    return text + (" (inferred)" if precision == "inferred" else "")


def decade(iso: str) -> str:
    return f"The {iso[:3]}0s"


def _when(row: dict) -> str:
    when = shown(row["date_start"], row["precision"])
    if row["date_end"]:
        when += f" to {shown(row['date_end'], row['precision'])}"
    if row["precision"] == "inferred":  # say from what: the words the date is inferred from
        when = when.replace(" (inferred)", "") + f" (inferred from “{literal(row['quote'])}”)"
    return when


def _target(row: dict, numbers: dict[str, int]) -> str:
    """The place a mention links: a paragraph as `5.¶ 8` (it keeps its chapter), a note or the byline
    after its chapter's number."""
    chapter = row["chapter"]
    if row["paragraph"]:
        number = row["paragraph"]
        return f"[{reference_label(str(number), chapter, '', numbers)}](#{paragraph_label(chapter, number)})"
    target = (place_link(chapter, "n", row["note"]) if row["note"]
              else f"{{doc}}`byline <../chapters/{chapter}>`")
    return f"chapter {numbers[chapter]}, {target}"


def _mentions(group: list[dict], numbers: dict[str, int], voices: dict, better: dict) -> str:
    """"date: who (5.¶ a, 5.¶ b)", one entry per date, voice and chapter, in the rows' order, with the
    better date an editor's note or a quotation identified gives for any of its mentions."""
    entries: dict[tuple[str, str, str], list[str]] = {}
    suffixes: dict[tuple[str, str, str], str] = {}
    for row in group:
        chapter = row["chapter"]
        kind, number = ("p", row["paragraph"]) if row["paragraph"] else ("n", row["note"])
        who = literal(speaker(voices, chapter, kind if number else "", number or None))
        target = _target(row, numbers)
        suffix = ""
        for dispute in better.get(id(row), [])[:1]:
            entry = (f"[editor's note](#{editor_note_label(chapter, dispute.id)})" if dispute.source == "note"
                     else f"quotation identified, {target}")
            suffix = f", better date: {literal(dispute.better or '')} ({entry})"
        key = (_when(row), who, chapter)
        targets = entries.setdefault(key, [])
        if target not in targets:  # two rows may date one event from one place (the start and a duration)
            targets.append(target)
        if suffix and key not in suffixes:
            suffixes[key] = suffix
    return "; ".join(f"{when}: {who} ({', '.join(targets)}){suffixes.get((when, who, chapter), '')}"
                     for (when, who, chapter), targets in entries.items())


def events_cell(rows: list[dict], numbers: dict[str, int], voices: dict, disputes=()) -> str:
    """`disputes`: `timeline_disputes.disputes(...)` for these rows, whose better dates are shown."""
    better = better_dates(list(disputes))
    rows = list(rows)
    first = {}
    for row in rows:
        first[row["event_id"]] = min(first.get(row["event_id"], row["date_start"]), row["date_start"])
    rows.sort(key=lambda row: (first[row["event_id"]], row["event_id"]))
    chapters = sorted({row["chapter"] for row in rows}, key=lambda chapter: numbers[chapter])
    lines = ["## Every event and where the sources date it", "", "{.editorial .text-note}",
             ("Each event as the sources state it, by decade, with every mention of it: whose words they are, "
              "the date that mention gives, and a link to the paragraph or note. A label that reports one "
              "source's interpretation names that source. ⚑ marks an event that the sources or the "
              "references date differently; where the editors dispute the date a mention gives, the better "
              "date follows it, with a link to the editor's note or the quotation identified that gives it; "
              "the reference chronology below gives the references' dates."),
             "", "{.reader-timeline-sources}",
             "Sources: " + " · ".join(f"{{doc}}`{literal(voices[chapter]['name'])} (chapter {numbers[chapter]}) "
                                      f"<../chapters/{chapter}>`" for chapter in chapters)]
    events = [list(group) for _, group in groupby(rows, key=lambda row: row["event_id"])]
    for heading, in_decade in groupby(events, key=lambda group: decade(first[group[0]["event_id"]])):
        lines += ["", f"### {heading}", "", "{.reader-dates .reader-timeline}"]
        for group in in_decade:
            flag = " ⚑" if any(row["dated_differently"] == "yes" for row in group) else ""
            lines.append(f"- **{literal(group[0]['event'])}**{flag} — {_mentions(group, numbers, voices, better)}")
    return "\n".join(lines)
