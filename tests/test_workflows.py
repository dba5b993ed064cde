"""The GitHub workflows (`.github/workflows/`): they pass actionlint and zizmor (both pinned in
requirements.txt, both offline), every `make` target they run exists in the Makefile, and the test
workflow runs exactly the README's test command. GitHub itself (the runners, Pages, the deploy
key, the student repository) cannot be reached from here: the README's "Publishing" says so."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from readertools.paths import PACKAGE

ROOT = PACKAGE.parent
WORKFLOWS = ROOT / ".github" / "workflows"
TOOLS = Path(sys.executable).parent  # actionlint's and zizmor's console scripts, beside the venv's python


def workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed in {TOOLS}: `make` installs requirements.txt, which pins it")
    return str(path)


def test_the_workflows_pass_actionlint():
    # Without its shellcheck and pyflakes integrations: neither is installed by the requirements.
    result = subprocess.run([tool("actionlint"), "-shellcheck=", "-pyflakes=", *map(str, workflows())], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_workflows_pass_zizmor():
    """Offline (no GitHub API), with every audit of the strictest persona, under the repository's
    policy (`.github/zizmor.yml`: GitHub's own actions by major tag, any other by commit hash)."""
    result = subprocess.run([tool("zizmor"), "--offline", "--persona=auditor", "--format=github", "--quiet",
                             str(WORKFLOWS)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def run_scripts(workflow: Path) -> list[str]:
    """The `run:` scripts of every step of every job, in order."""
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    return [step["run"] for job in jobs.values() for step in job.get("steps", []) if "run" in step]


def make_targets(script: str) -> list[str]:
    """The targets of every `make` command in a shell script (its options and VAR=value left out)."""
    targets = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split, lexer.commenters = True, "#"
        words = list(lexer)
        for index, word in enumerate(words):
            if word == "make" and (index == 0 or words[index - 1] in (";", "&&", "||", "|", "(", "then", "do")):
                for argument in words[index + 1:]:
                    if argument in (";", "&&", "||", "|", ")", "&"):
                        break
                    if not argument.startswith("-") and "=" not in argument:
                        targets.append(argument)
    return targets


def makefile_targets() -> set[str]:
    """Every target the Makefile defines, from make's own database (`make -p`), not from reading it."""
    database = subprocess.run(["make", "--no-builtin-rules", "-pnq", ".DEFAULT"], cwd=ROOT, capture_output=True,
                              text=True, check=False, env={**os.environ, "LC_ALL": "C"}).stdout
    files = database.partition("\n# Files\n")[2].partition("\n# Finished Make data base")[0]
    targets, not_a_target = set(), False
    for line in files.splitlines():
        found = re.match(r"([^#\s:=][^:=]*):(?!=)", line)
        if found and not not_a_target:
            targets.update(found[1].split())
        not_a_target = line == "# Not a target:"
    return {target for target in targets if not target.startswith(".")}


def missing_targets(workflow: Path, known: set[str]) -> list[str]:
    return [f"{workflow.name}: make {target}" for script in run_scripts(workflow)
            for target in make_targets(script) if target not in known]


def test_every_make_target_a_workflow_runs_is_in_the_makefile():
    known = makefile_targets()
    assert {"book", "test", "downloads", "student-notebooks", "lint"} <= known
    assert [problem for workflow in workflows() for problem in missing_targets(workflow, known)] == []
    assert {target for workflow in workflows() for script in run_scripts(workflow)
            for target in make_targets(script)} == {"test", "downloads", "student-notebooks"}


def test_the_target_check_finds_a_missing_target(tmp_path):
    """Not vacuous: a workflow calling a target the Makefile lacks is caught, wherever the call is."""
    workflow = tmp_path / "broken.yml"
    workflow.write_text(yaml.safe_dump({"on": "push", "jobs": {"build": {"runs-on": "ubuntu-24.04", "steps": [
        {"run": "make test"},
        {"run": 'make book BASEURL="${PAGES_URL%/}/" && make -j2 publish-everything  # not a target\n'
                "if true; then make \\\n  downloads nope; fi"}]}}}))
    assert missing_targets(workflow, makefile_targets()) == ["broken.yml: make publish-everything",
                                                             "broken.yml: make nope"]


def readme_test_command() -> str:
    """The command of `make test` in the README's "Two commands" block, without its comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Two commands\n")[2].partition("\n## ")[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)[1]
    lines = [line.partition("#")[0].strip() for line in block.splitlines()]
    return next(line for line in lines if line.startswith("make test"))


def test_the_test_workflow_runs_exactly_the_readme_s_test_command():
    command = readme_test_command()
    assert command == "make test"
    assert [script.strip() for script in run_scripts(WORKFLOWS / "test.yml")] == [command]
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith(f"\n{command}")
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    assert publish["jobs"]["build"]["steps"][2]["run"].strip() == command  # tested before anything is built


def test_the_publish_workflow_deploys_only_the_student_edition_and_keeps_its_secrets_in_one_job():
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    jobs = publish["jobs"]
    assert publish["permissions"] == {"contents": "read"}
    written = {name: {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}
               for name, job in jobs.items()}
    assert written == {"build": set(), "deploy": {"pages", "id-token"}, "student-repository": set()}
    uploads = [step["with"]["path"] for step in jobs["build"]["steps"]
               if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert uploads == ["_build/html"]
    instructor = [step for step in jobs["build"]["steps"] if "instructor" in str(step.get("with", {}).get("path"))]
    assert [step["if"] for step in instructor] == ["github.event.repository.private"]
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert [name for name, job in jobs.items() if "secrets." in yaml.safe_dump(job)] == ["student-repository"]
    assert "secrets.STUDENT_REPOSITORY_KEY" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = readme.partition("\n## Publishing\n")[2].partition("\n## ")[0]
    assert all(name in publishing for name in ("STUDENT_REPOSITORY_KEY", "student-repository", "publish-",
                                               "reader_student_repository", "github-pages"))


def test_the_linters_find_what_they_are_for(tmp_path):
    """Not vacuous either: an old action, a pull request's title expanded inside a script and a
    checkout that keeps its credentials are each reported."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on: pull_request\npermissions:\n  contents: read\njobs:\n  bad:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v3\n      - run: echo \"${{ github.event.pull_request.title }}\"\n")
    actionlint = subprocess.run([tool("actionlint"), "-shellcheck=", "-pyflakes=", "-oneline", str(folder / "bad.yml")],
                                capture_output=True, text=True, check=False)
    assert actionlint.returncode == 1
    kinds = [line.rpartition(" [")[2] for line in actionlint.stdout.splitlines()]
    assert kinds == ["action]", "expression]"], actionlint.stdout
    zizmor = subprocess.run([tool("zizmor"), "--offline", "--persona=auditor", "--format=github", "--quiet",
                             str(folder)], capture_output=True, text=True, check=False)
    assert zizmor.returncode != 0
    assert "template-injection" in zizmor.stdout and "artipacked" in zizmor.stdout
