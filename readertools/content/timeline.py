"""The timeline's list of events, generated from `book/data/timeline.csv`: each event with every
mention of it, linked to its paragraph or note, and the dates each mention gives; beside a mention
whose date an editor's note or a quotation identification disputes, the better date and a link to
the entry that gives it (`content.timeline_disputes`)."""

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


def events_cell(rows: list[dict], numbers: dict[str, int], voices: dict, disputes=()) -> str:
    """`disputes`: `timeline_disputes.disputes(...)` for these rows, whose better dates are shown."""
    better = better_dates(list(disputes))
    rows = list(rows)
    first = {}
    for row in rows:
        first[row["event_id"]] = min(first.get(row["event_id"], row["date_start"]), row["date_start"])
    rows.sort(key=lambda row: (first[row["event_id"]], row["event_id"]))
    lines = ["## Every event and where the sources date it", "", "{.editorial .text-note}",
             ("Each event as the sources state it, with every mention of it: whose words they are, the "
              "date that mention gives, and a link to the paragraph or note. A label that reports one "
              "source's interpretation names that source. ⚑ marks an event that the sources or the "
              "references date differently; where the editors dispute the date a mention gives, the better "
              "date follows it, with a link to the editor's note or the quotation identified that gives it; "
              "the reference chronology below gives the references' dates.")]
    for _, group in groupby(rows, key=lambda row: row["event_id"]):
        group = list(group)
        flag = " ⚑" if any(row["dated_differently"] == "yes" for row in group) else ""
        places = []
        for row in group:
            chapter = row["chapter"]
            when = shown(row["date_start"], row["precision"])
            if row["date_end"]:
                when += f" to {shown(row['date_end'], row['precision'])}"
            if row["precision"] == "inferred":  # say from what: the words the date is inferred from
                when = when.replace(" (inferred)", "") + f" (inferred from “{literal(row['quote'])}”)"
            kind, number = ("p", row["paragraph"]) if row["paragraph"] else ("n", row["note"])
            who = literal(speaker(voices, chapter, kind if number else "", number or None))
            if kind == "p" and number:  # a paragraph reference keeps its chapter: `5.¶ 8`
                target = f"[{reference_label(str(number), chapter, '', numbers)}](#{paragraph_label(chapter, number)})"
                text = f"{when}: {who} ({target})"
            else:
                target = (place_link(chapter, kind, number) if number
                          else f"{{doc}}`byline <../chapters/{chapter}>`")
                text = f"{when}: {who} (chapter {numbers[chapter]}, {target})"
            for dispute in better.get(id(row), [])[:1]:
                entry = (f"[editor's note](#{editor_note_label(chapter, dispute.id)})" if dispute.source == "note"
                         else f"quotation identified, {target}")
                text += f", better date: {literal(dispute.better or '')} ({entry})"
            places.append(text)
        lines += ["", f"- **{literal(group[0]['event'])}**{flag} — " + "; ".join(places)]
    return "\n".join(lines)
