"""Command line: `python -m readertools notebooks|check|build|instructor|editions|new-source|student-notebooks`."""

import argparse
import re
import sys
from pathlib import Path

from .build import build_book, out_of_step, write_generated
from .errors import BookErrors, SourceError
from .model import load_book
from .paths import Project


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readertools", description=__doc__)
    parser.add_argument("command", choices=("notebooks", "check", "build", "instructor", "editions", "new-source",
                                                     "student-notebooks"),
                        help="notebooks: regenerate and execute; check: report what is out of "
                             "step; build: the student edition into _build/html; instructor: the "
                             "instructor edition into _build/instructor/html; editions: both, side by "
                             "side; new-source: add a chapter (with --seed, --id, --part); "
                             "student-notebooks: the student repository into _build/student-notebooks")
    parser.add_argument("--catalogue", type=Path, help="another source catalogue (YAML) to check with")
    parser.add_argument("--seeds", type=Path, help="another folder of seed files to check with")
    parser.add_argument("--seed", type=Path, help="new-source: the seed file to add")
    parser.add_argument("--id", help="new-source: the new chapter's id (lower-case, hyphens)")
    parser.add_argument("--part", help="new-source: the part of the table of contents it goes in")
    parser.add_argument("--renumbered", default="", help="notebooks: chapters whose renumbered paragraphs "
                        "the editor has checked (ids, separated by spaces or commas)")
    args = parser.parse_args(argv)
    project = Project.here()
    try:
        if args.command == "new-source":
            from .new_source import new_source

            for path in new_source(project, args.seed, args.id, args.part):
                print(f"wrote {project.relative(path)}")
            print("Now replace every TODO in those files (`make book` lists what is left), then run "
                  "`make notebooks` and `make book`.")
            return 0
        accepted = tuple(re.split(r"[\s,]+", args.renumbered.strip())) if args.command == "notebooks" else ()
        book = load_book(project, args.catalogue, args.seeds, accepted)
        if args.command == "notebooks":
            for path in write_generated(book):
                print(f"updated {project.relative(path)}")
        elif args.command == "student-notebooks":
            from .editions import check_student_site
            from .student_notebooks import student_folder

            problems = out_of_step(book)  # stale outputs would reach the students
            if problems:
                raise BookErrors(problems)
            names = student_folder(book, project.student_notebooks, repository=True)
            check_student_site(project.student_notebooks, book)
            print(f"{len(names)} student notebooks, their data, requirements.txt, runtime.txt and README.md "
                  f"are in {project.relative(project.student_notebooks)}/ (publish it as its own repository)")
        elif args.command == "check":
            problems = out_of_step(book)
            if problems:
                raise BookErrors(problems)
        else:
            editions = {"build": ("student",), "instructor": ("instructor",),
                        "editions": ("student", "instructor")}[args.command]
            for edition, path in zip(editions, build_book(book, editions), strict=True):
                published = project.relative(path)
                print(f"The {edition} edition is published in {published}/: open {published}/index.html")
    except SourceError as error:
        problems = error.problems if isinstance(error, BookErrors) else [error]
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if len(problems) > 1:
            print(f"{len(problems)} problems; nothing was built or published.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
