"""Evidence worth the word "checked": every date under `checked:` rests on a kind of reference that can bear it.

Every reference has a kind in its standpoint entry (`book/standpoints.yml`): scholarly (a scholarly
or documentary edition, a monograph, a journal article), reference (a reference work), journalism,
popular (a popular or commercial page) or document (a primary document). The rule, enforced by the
build (`checks.cross`) with one located message for each break:

- a `checked:` group of the people or the glossary that cites a reference rests on a scholarly work
  or a reference work;
- or on journalism for an event it reported: the group gives the date the piece was published
  (`published`), and every date it checks falls in that year or the year before;
- anything else (a popular or commercial page, a primary document, journalism looking back) is not
  evidence for `checked:`: cite a better page, or move the dates to `unverified:` with the reason.

A group that quotes a chapter's own text (`source:`) is checked by `checks.dates`, not here.
"""

import re

from readertools.content.standpoints import KINDS
from readertools.errors import SourceError, shown

ACCEPTED = ("scholarly", "reference")
YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def kind_of(reference: str, kinds: dict[str, str]) -> str | None:
    """The kind of a cited reference: that of the longest standpoint prefix it begins with."""
    matches = [prefix for prefix in kinds if reference.startswith(prefix)]
    return kinds[max(matches, key=len)] if matches else None


def checked_problems(path, items: list[dict], name_key: str, kinds: dict[str, str],
                     standpoints_path) -> list[SourceError]:
    """Every `checked:` group of one file (people or glossary, as loaded: `items`, each named by
    `name_key`) whose reference is not of a kind that can bear it (`kinds`, from `standpoints_path`)."""
    problems = []
    for index, item in enumerate(items):
        for number, check in enumerate(item.get("checked") or ()):
            reference = check.get("reference")
            if not reference:
                continue
            kind = kind_of(reference, kinds)
            if kind is None or kind in ACCEPTED:  # an unknown reference is the standpoints check's to report
                continue
            place = f"[{index}] ({item[name_key]}).checked[{number}]"
            if kind == "journalism":
                published = str(check.get("published") or "")
                if not published:
                    problems.append(SourceError(path, f"{reference!r} is journalism, which is evidence only for an "
                                                "event it reported: give the date it was published in `published`",
                                                place=place))
                    continue
                year = int(published[:4])
                late = [str(d) for d in check["dates"]
                        if not YEAR.search(str(d)) or not year - 1 <= int(YEAR.search(str(d)).group(1)) <= year]
                if late:
                    problems.append(SourceError(path, f"{reference!r} is journalism published in {year}, which did not "
                                                f"report {', '.join(late)}: cite a scholarly edition or monograph or a "
                                                "reference work, or move the date to `unverified:` with the reason",
                                                place=place))
                continue
            problems.append(SourceError(path, f"{reference!r} is a {KINDS[kind].lower()} ({shown(standpoints_path)}), "
                                        "which is not evidence for `checked:`: cite a scholarly edition or monograph "
                                        "or a reference work, or move the dates to `unverified:` with the reason",
                                        place=place))
    return problems
