"""Command line: `python -m readertools notebooks|check|build`."""

import argparse
import sys

from .build import build_book, out_of_step, write_generated
from .catalogue import CATALOGUE, ROOT, SEEDS, load_catalogue
from .errors import SourceError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readertools", description=__doc__)
    parser.add_argument("command", choices=("notebooks", "check", "build", "instructor"),
                        help="notebooks: regenerate and execute; check: report what is out of "
                             "step; build: the student edition into _build/html; instructor: the "
                             "instructor edition into _build/instructor/html")
    parser.add_argument("--catalogue", default=CATALOGUE, help="the source catalogue (YAML)")
    parser.add_argument("--seeds", default=SEEDS, help="the folder of seed files")
    args = parser.parse_args(argv)
    try:
        catalogue = load_catalogue(args.catalogue, args.seeds)
        if args.command == "notebooks":
            for path in write_generated(catalogue):
                print(f"updated {path.relative_to(ROOT)}")
        elif args.command == "check":
            problems = out_of_step(catalogue)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1 if problems else 0
        else:
            edition = "instructor" if args.command == "instructor" else "student"
            print(f"built {build_book(catalogue, edition).relative_to(ROOT)}")
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
