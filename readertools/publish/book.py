"""`make book`, `make instructor`, `make editions`: build, check and publish the editions.

The build refuses to start while any generated file is out of step, or while a notebook's stored
outputs are older than its code or the files it reads (`generate.sync.out_of_step`); it renders
those stored outputs (nbval checks in the tests that a fresh run gives the same). Each edition is
built into its own staging folder, under a lock, as `plan` decides; the execution page's "built
with" line is written (`built_with`) and its downloads are made in the staged site; it is published
(`swap`) only when the whole strict build succeeded and, for the student edition, when no
instructor-only text is found anywhere in it (`checks.leaks`).

The student edition is made from the student edition's model (`model.student_edition`: the
instructor-only fields left out as the files are read), its Sphinx build reads the apparatus the
same way (`sphinx.instructor_only`), and its downloads are made from that model; only the leak
check is given the editors' model, to know what to look for.
"""

import json
import shutil
from pathlib import Path

from readertools.checks.leaks import check_student_site
from readertools.editions import public_address
from readertools.errors import BookErrors, SourceError
from readertools.exports.downloads import make_downloads
from readertools.generate.sync import build_lock, out_of_step
from readertools.model import Book, student_edition
from readertools.publish.built_with import built_with, write_built_with
from readertools.publish.plan import formats_to_make, inputs_stamp, manifest, plan_edition
from readertools.publish.run import run_all
from readertools.publish.swap import publish


def build_book(book: Book, editions: tuple[str, ...] = ("student",), formats=()) -> list[Path]:
    """Build the editions (side by side, one Sphinx process each), check them, publish them; an
    edition whose inputs have not changed since it was last published is left as it is.

    `formats`: on-demand downloads to make (`downloads.Format.on_demand`, e.g. "pdf"); an edition
    also keeps making those it was last published with (`Project.made_formats`)."""
    project = book.project
    problems = out_of_step(book)
    if problems:
        raise BookErrors(problems)
    with build_lock(project):
        inputs, address = manifest(project), public_address(project.config)
        made = {edition: formats_to_make(project, edition, formats) for edition in editions}
        stamps = {edition: inputs_stamp(inputs, made[edition], address) for edition in editions}
        plans = [plan_edition(project, edition, stamps[edition], inputs, made[edition]) for edition in editions]
        for edition, plan in zip(editions, plans, strict=True):
            if plan is None:
                print(f"Nothing changed since the {edition} edition was last built.")
        running = [(edition, plan) for edition, plan in zip(editions, plans, strict=True) if plan]
        results = run_all([plan[1] for _, plan in running], project.root,
                           [f"[{edition}] " if len(running) > 1 else "" for edition, _ in running])
        problems = []
        for (edition, (staging, _, shape)), warnings in zip(running, results, strict=True):
            if warnings is not None:
                shutil.rmtree(staging, ignore_errors=True)  # the next build starts afresh
                problems += warnings or [SourceError(project.config, f"the {edition} build failed (see above)")]
            else:
                (staging / "shape.digest").write_text(shape)
        if problems:
            raise BookErrors(problems)
        # A download several editions offer is made once, in the first of them: the student edition
        # first, so that what it publishes is made from its own model.
        made_in = {}
        line = built_with(project.root, inputs) if running else ""
        for edition, (staging, _, _) in sorted(running, key=lambda item: item[0] != "student"):
            built = project.staged_output(edition)
            write_built_with(built, project.page(project.execution_page), line)  # before the offline copy
            make_downloads(student_edition(book) if edition == "student" else book, edition, built,
                           made[edition], made_in)
            if edition == "student":
                check_student_site(built, book, memory=staging / "leak-check.json")
            publish(built, project.published(edition))
            (staging / "inputs.digest").write_text(stamps[edition])
            (staging / "inputs.json").write_text(json.dumps({"files": inputs, "formats": made[edition]}, indent=0))
            project.made_formats(edition).write_text("".join(f"{key}\n" for key in made[edition]))
    return [project.published(edition) for edition in editions]


