"""`make new-source`: add a source to the book in one command, with every field left to fill marked.

It copies the seed into `seeds/` (as `<next number>_<digest of its bytes>.txt`), appends a catalogue
entry and the chapter's voice (`book/voices.yml`), adds the chapter to `_toc.yml` (in the named
part, or in a new numbered part after the source chapters), and writes the apparatus file and the
notebook with their editorial cells. Every field an editor has to write holds the placeholder
`TODO: …`, saying what it needs (the skeletons take their hints from the schemas' descriptions);
the build lists each one that is left, by file and key, and publishes nothing until none is.
"""

import hashlib
import re
import shutil
from pathlib import Path

import nbformat
import yaml

from readertools.content.notebooks import GENERATED, KERNEL
from readertools.errors import SourceError
from readertools.labels import paragraph_label
from readertools.paths import Project
from readertools.schema import PLACEHOLDER, schema
from readertools.text.catalogue import load_catalogue, load_toc
from readertools.text.seeds import read_seed

ID = re.compile(r"^[a-z][a-z0-9-]*$")
HEADNOTE = (f"## Headnote\n\n{PLACEHOLDER} the headnote, 150–300 words: who wrote the text, when, for whom "
            "and why; the context a student needs; what to watch for while reading. Refer to paragraphs as "
            f"[¶ 3](#{paragraph_label('<id>', 3)}).")


def new_source(project: Project, seed: Path, chapter_id: str, part: str) -> list[Path]:
    """Add the files of a new chapter; return them. Nothing is written if anything is wrong."""
    if not (seed and chapter_id and part):
        raise SourceError("Makefile", "new-source needs SEED=path/to/file.txt ID=short-id PART=\"Part title\"")
    seed = Path(seed)
    read_seed(seed)  # refuses a missing, empty or unprintable seed before anything is written
    catalogue = load_catalogue(project.catalogue, project.seeds)
    if not ID.match(chapter_id):
        raise SourceError(project.catalogue, f"id {chapter_id!r} must be lower-case letters, digits and "
                          "hyphens, starting with a letter")
    taken = [s.id for s in catalogue.sources] + [p.stem for p in project.apparatus.glob("*.yml")]
    if chapter_id in taken or project.chapter_notebook(chapter_id).exists():
        raise SourceError(project.catalogue, f"id {chapter_id!r} is already used")
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    same = next((path for path in sorted(project.seeds.iterdir()) if path.is_file()
                 and hashlib.sha256(path.read_bytes()).hexdigest() == digest), None)  # whatever its name
    if same is not None:
        users = [source.id for source in catalogue.sources if source.seed == same.name]
        raise SourceError(seed, f"this seed is already in {project.relative(project.seeds)}/, byte for byte, as "
                          f"{same.name}" + (f" (the seed of {', '.join(users)})" if users else ""))
    digest = digest[:16]
    toc = _toc_with(project, chapter_id, part)

    number = 1 + max((int(p.name[:3]) for p in project.seeds.glob("[0-9][0-9][0-9]_*.txt")), default=-1)
    copied = project.seeds / f"{number:03d}_{digest}.txt"
    shutil.copyfile(seed, copied)
    with project.catalogue.open("a", encoding="utf-8") as file:
        file.write(_catalogue_entry(chapter_id, copied.name))
    with project.voices.open("a", encoding="utf-8") as file:
        name = schema("voices")["additionalProperties"]["properties"]["name"]["description"]
        value = yaml.safe_dump(f"{PLACEHOLDER} {name}", width=1000).strip().removesuffix("...").strip()
        file.write(f"{chapter_id}:\n  name: {value}\n")
    project.toc.write_text(toc, encoding="utf-8")
    apparatus = project.apparatus_file(chapter_id)
    apparatus.write_text(_apparatus_skeleton(chapter_id), encoding="utf-8")
    notebook = project.chapter_notebook(chapter_id)
    nbformat.write(_notebook_skeleton(chapter_id), notebook)
    return [copied, project.catalogue, project.voices, project.toc, apparatus, notebook]


def _catalogue_entry(chapter_id: str, seed: str) -> str:
    fields = schema("catalogue")["$defs"]["source"]["properties"]

    def todo(key, description=None):
        return yaml.safe_dump(f"{PLACEHOLDER} {description or fields[key]['description']}", width=1000,
                              allow_unicode=True).strip().removesuffix("...").strip()

    body = fields["body"]["properties"]
    return "\n".join([
        "",
        f"  - id: {chapter_id}",
        f"    seed: {seed}",
        f"    title: {todo('title')}",
        f"    authors: [{todo('authors')}]",
        *(f"    {key}: {todo(key)}" for key in ("venue", "date", "genre", "language", "standpoint", "provenance")),
        "    body:",
        f"      first: {todo('first', body['first']['description'] + ' (exact text from the seed)')}",
        f"      last: {todo('last', body['last']['description'] + ' (exact text from the seed)')}",
        "    # Optional, as exact text from the seed: headings, bylines, captions, quotes, notes (see the schema).",
        "",
    ])


def _apparatus_skeleton(chapter_id: str) -> str:
    fields = schema("apparatus")["properties"]
    question = fields["questions"]["items"]["properties"]
    claim = fields["claims"]["items"]["properties"]
    task, plan = fields["writing_task"]["properties"], fields["discussion_plan"]["properties"]

    def todo(text):
        return f"{PLACEHOLDER} {text}"

    data = {
        "chapter": chapter_id,
        "objectives": [todo(fields["objectives"]["description"])],
        "key_terms": [todo(fields["key_terms"]["description"])],
        "summary": todo(fields["summary"]["description"]),
        "claims": [{"text": todo(claim["text"]["description"]), "paragraphs": [1]}],
        "central_question": todo(fields["central_question"]["description"]),
        "organizer": "claim-evidence",
        "writing_task": {key: todo(task[key]["description"]) for key in ("prompt", "evidence")}
                        | {"minutes": 30, "words": [300, 400],
                           "criteria": {"argument": todo(task["criteria"]["description"])}},
        "discussion_plan": {key: todo(plan[key]["description"]) for key in ("opening", "sequence", "stumbling_points")},
        # A lesson has four to six core questions: four to start with, each with its minutes.
        "questions": [{"number": n, "skill": "sourcing", "paragraphs": [1], "core": True, "minutes": 10,
                       "text": todo(question["text"]["description"]),
                       "answer": todo(question["answer"]["description"])} for n in range(1, 5)],
        "teaching_notes": todo(fields["teaching_notes"]["description"]),
    }
    header = (f"# The study apparatus of chapter {chapter_id}: every field is described in\n"
              "# readertools/schemas/apparatus.schema.yml. Replace every TODO; `make book` lists those left.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _notebook_skeleton(chapter_id: str):
    """The title, the headnote to write, and empty generated cells that `make notebooks` fills in."""
    cells = [nbformat.v4.new_markdown_cell("", id="title"),
             nbformat.v4.new_markdown_cell(HEADNOTE.replace("<id>", chapter_id), id="headnote")]
    for cell_id in GENERATED[1:]:
        if cell_id != "events":
            new = nbformat.v4.new_code_cell if cell_id == "word-count" else nbformat.v4.new_markdown_cell
            cells.append(new("", id=cell_id))
    return nbformat.v4.new_notebook(cells=cells, metadata=dict(KERNEL))


def _toc_with(project: Project, chapter_id: str, part: str) -> str:
    """`_toc.yml` with the chapter added as text (so its comments stay): at the end of the part with
    that caption, or in a new numbered part after the last part of source chapters."""
    parts = load_toc(project.toc)["parts"]
    lines = project.toc.read_text(encoding="utf-8").splitlines()
    entry = f"      - file: {project.docname(project.chapter_notebook(chapter_id))}"
    captions = [str(p.get("caption", "")) for p in parts]

    def caption_line(caption):
        return next(i for i, line in enumerate(lines) if re.match(r"\s*- caption:", line)
                    and yaml.safe_load(line.split("caption:", 1)[1]) == caption)

    def end_of_part(start):
        following = [i for i, line in enumerate(lines) if i > start and re.match(r"\s*- caption:", line)]
        end = following[0] if following else len(lines)
        return max(i for i in range(start, end) if lines[i].strip().startswith("- file:")) + 1

    if part in captions:
        at = end_of_part(caption_line(part))
        lines.insert(at, entry)
    else:
        sources = [c for c, p in zip(captions, parts, strict=True)
                   if any(e["file"].startswith(f"{project.docname(project.chapters)}/") for e in p["chapters"])]
        if not sources:
            raise SourceError(project.toc, "no part of the table of contents holds source chapters")
        at = end_of_part(caption_line(sources[-1]))
        lines[at:at] = [f"  - caption: {yaml.safe_dump(part, allow_unicode=True).strip().removesuffix('...').strip()}",
                        "    numbered: 1", "    chapters:", entry]
    return "\n".join(lines) + "\n"
