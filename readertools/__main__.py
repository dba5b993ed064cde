"""Command line: `python -m readertools COMMAND` (notebooks, check, build, instructor, editions,
new-source, pdf, epub, offline, downloads, handouts, handout, qti, course, student-notebooks,
student-repository).

Every command that builds or exports takes the site's public address from `READER_BASEURL` in the
environment (`make … BASEURL=…`) if set, else from `html: baseurl:` (`editions.public_address`).
The other values `make` passes (`make new-source SEED=… ID=… PART=…`, `RENUMBERED`, `CHAPTERS`,
`QUESTIONS`, `COURSE`) arrive the same way, as environment variables (`FROM_MAKE`), so that neither
make nor a shell ever reads their text; a flag given on the command line wins."""

import argparse
import errno
import os
import re
import sys
from pathlib import Path

from readertools.checks.leaks import check_student_site
from readertools.content.courses import course_file, read_course
from readertools.content.new_source import new_source
from readertools.editions import offline_edition, student_repository
from readertools.errors import BookErrors, SourceError, quiet_logging, shown
from readertools.exports.banks import named_chapters, write_selection
from readertools.exports.course import build_course
from readertools.exports.handouts import CORE_VARIABLE, choose, core_only, documents, print_handouts
from readertools.exports.student_bundles import student_folder
from readertools.formats import OFFLINE, downloads
from readertools.generate.sync import out_of_step, write_generated
from readertools.model import load_book, student_edition
from readertools.paths import Project
from readertools.publish.book import build_book
from readertools.publish.plan import up_to_date

# option -> the environment variable the Makefile sets from its variable of the same name, its text
# exactly as given (`make new-source PART=…` sets READER_PART).
FROM_MAKE = {"seed": "READER_SEED", "id": "READER_ID", "part": "READER_PART", "renumbered": "READER_RENUMBERED",
             "chapters": "READER_CHAPTERS", "questions": "READER_QUESTIONS", "course": "READER_COURSE"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readertools", description=__doc__)
    parser.add_argument("command", choices=("notebooks", "check", "build", "instructor", "editions", "new-source",
                                            "pdf", "epub", "offline", "downloads", "handouts", "handout", "qti",
                                            "course", "student-notebooks", "student-repository"),
                        help="notebooks: regenerate and execute; check: report what is out of step; build: the "
                             "student edition; instructor: the instructor edition (not for students); editions: "
                             "both, side by side; new-source: add a chapter (with --seed, --id, --part); pdf: both "
                             "editions with their PDFs; epub: the student edition with its EPUB; offline: the "
                             "student edition with its offline copy (READER_EDITION=instructor in the environment, "
                             "`make offline EDITION=instructor`: the instructor edition's, beside its site, never "
                             "published); downloads: both editions with every download (the instructor edition's "
                             "kit: packets, keys, question banks); "
                             "handouts: every chapter's seminar packet and answer key (PDF; READER_CORE=1 in the "
                             "environment, `make handouts CORE=1`: the core questions only); handout: one from "
                             "--questions; qti: the question banks for Canvas, Moodle and Common Cartridge (of "
                             "--chapters, READER_CORE=1: their core questions; or of --questions; default every "
                             "chapter); course: a course's packs, syllabus and question banks from "
                             "courses/<--course>.yml; student-notebooks: the "
                             "student repository (every command says where it wrote); student-repository: "
                             "print where the student notebooks are published (`owner/name branch`, nothing "
                             "when `reader_student_repository` is empty), for the publishing workflow")
    parser.add_argument("--catalogue", type=Path, help="another source catalogue (YAML) to check with")
    parser.add_argument("--seeds", type=Path, help="another folder of seed files to check with")
    parser.add_argument("--seed", type=Path, help="new-source: the seed file to add")
    parser.add_argument("--id", help="new-source: the new chapter's id (lower-case, hyphens)")
    parser.add_argument("--part", help="new-source: the part of the table of contents it goes in")
    parser.add_argument("--renumbered", help="notebooks: chapters whose renumbered paragraphs "
                        "the editor has checked (ids, separated by spaces or commas)")
    parser.add_argument("--questions", help='handout, qti: the questions, e.g. "2.3 5.1 7.4"')
    parser.add_argument("--chapters", help='handouts, qti: chapter ids, e.g. "baserli henry" '
                        "(default every chapter with questions)")
    parser.add_argument("--course", help="course: the course file's name, e.g. example for courses/example.yml")
    parser.add_argument("--out", type=Path, help="handouts, handout, qti, course: the output folder")
    args = parser.parse_args(argv)
    for option, variable in FROM_MAKE.items():
        if not getattr(args, option):
            value = os.environ.get(variable, "")
            setattr(args, option, Path(value) if value and option == "seed" else value)
    project = Project.here()
    try:
        if args.command == "student-repository":
            repository = student_repository(project.config)
            if repository:
                print(*repository)
            return 0
        if args.command == "new-source":

            for path in new_source(project, args.seed, args.id, args.part):
                print(f"wrote {project.relative(path)}")
            print("Now replace every TODO in those files (`make book` lists what is left), then run "
                  "`make notebooks` and `make book`.")
            return 0
        zipped = offline_edition() if args.command == "offline" else None  # `make offline EDITION=…`
        editions = {"build": ("student",), "instructor": ("instructor",), "editions": ("student", "instructor"),
                    "pdf": ("student", "instructor"), "epub": ("student",), "offline": (zipped,),
                    "downloads": ("student", "instructor")}.get(args.command, ())
        formats = {"pdf": ("pdf", "instructor-pdf"), "epub": ("epub",), "offline": (OFFLINE.get(zipped),),
                   "downloads": downloads()}.get(args.command, ())
        if editions and not (args.catalogue or args.seeds) and up_to_date(project, editions, formats):
            for edition in editions:
                published = project.relative(project.published(edition))
                print(f"Nothing changed since the {edition} edition was last built: it is in {published}/ "
                      f"(open {published}/index.html)")
            _instructor_copy(project, zipped)
            return 0
        course = course_file(project, args.course) if args.command == "course" else None  # before the book loads
        accepted = tuple(re.split(r"[\s,]+", args.renumbered.strip())) if args.command == "notebooks" else ()
        book = load_book(project, args.catalogue, args.seeds, accepted)
        if args.command == "notebooks":
            for path in write_generated(book):
                print(f"updated {project.relative(path)}")
        elif args.command in ("handouts", "handout", "qti"):
            for path in instructor_outputs(book, args):
                print(f"wrote {project.relative(path)}")
        elif args.command == "course":
            for path in build_course(book, read_course(book, course), args.out):
                print(f"wrote {project.relative(path)}")
        elif args.command == "student-notebooks":

            problems = out_of_step(book)  # stale outputs would reach the students
            if problems:
                raise BookErrors(problems)
            names = student_folder(student_edition(book), project.student_notebooks, repository=True)
            check_student_site(project.student_notebooks, book)  # the editors' model: it knows the answers
            print(f"{len(names)} student notebooks, their data, requirements.txt, runtime.txt and README.md "
                  f"are in {project.relative(project.student_notebooks)}/ (publish it as its own repository)")
        elif args.command == "check":
            problems = out_of_step(book)
            if problems:
                raise BookErrors(problems)
        else:
            for edition, path in zip(editions, build_book(book, editions, formats), strict=True):
                published = project.relative(path)
                print(f"The {edition} edition is published in {published}/: open {published}/index.html")
            _instructor_copy(project, zipped)
    except SourceError as error:
        problems = error.problems if isinstance(error, BookErrors) else [error]
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if len(problems) > 1:
            print(f"{len(problems)} problems; nothing was built or published.", file=sys.stderr)
        return 2
    except OSError as error:  # a full disk anywhere else: one located line, no traceback
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        where = shown(error.filename) if error.filename else project.relative(project.build)
        print(f"error: {where}: {os.strerror(error.errno).lower()}: the command stopped; a published site is "
              "only ever replaced whole (free some space and run it again)", file=sys.stderr)
        return 2
    return 0


def _instructor_copy(project, zipped) -> None:
    if zipped == "instructor":
        print(f"Its offline copy is {project.relative(project.instructor_offline)}, outside the site and never "
              "published: share it with the teaching team only.")


def instructor_outputs(book, args) -> list[Path]:
    """The handouts and keys (PDF) or the question banks (Canvas, Moodle, Common Cartridge), from the
    checked book."""

    if args.command == "qti":  # what students see is made from the student edition's model
        return write_selection(book, args.chapters, args.questions, os.environ.get(CORE_VARIABLE, ""), args.out)
    if args.command == "handout":
        return print_handouts(book, documents(book, chosen=choose(book, args.questions)), args.out)
    chapters = named_chapters(book, args.chapters) if args.chapters.strip() else None
    return print_handouts(book, documents(book, chapters, core=core_only()), args.out)


if __name__ == "__main__":
    quiet_logging()
    sys.exit(main())
