"""Sphinx extension: launch buttons (Binder, Colab) on each chapter page, opening the chapter's
student notebook in the student repository that `make student-notebooks` writes.

One setting, `reader_student_repository` under `sphinx: config:` in `_config.yml`: the GitHub
repository (`owner/name`, or `owner/name@branch`; branch `main` by default) where that folder is
published. Empty (the default) gives no buttons. Jupyter Book's own launch buttons would open the
editors' repository (`book/chapters/x.ipynb`, MyST, beside the model answers), so they stay off.
"""

from html import escape
from pathlib import Path

from readertools.editions import split_repository
from readertools.paths import Project, chapter_page, student_name
from readertools.text.catalogue import chapter_numbers


def launch_urls(repository: str, notebook: str) -> dict[str, str]:
    """{"Binder": url, "Colab": url} for a notebook at the root of the student repository."""
    name, branch = split_repository(repository)
    return {"Binder": f"https://mybinder.org/v2/gh/{name}/{branch}?labpath={notebook}",
            "Colab": f"https://colab.research.google.com/github/{name}/blob/{branch}/{notebook}"}


def launch_buttons(app, pagename, templatename, context, doctree):
    repository = app.config.reader_student_repository
    page = chapter_page(pagename)
    if not repository or "body" not in context or app.builder.name != "html" or page is None:
        return
    if not hasattr(app.env, "reader_numbers"):
        toc = Project(Path(app.srcdir)).toc
        app.env.reader_numbers = chapter_numbers(toc) if toc.is_file() else {}
    links = [f'<a class="reader-launch" href="{escape(url)}">{escape(name)}</a>'
             for name, url in launch_urls(repository, student_name(app.env.reader_numbers, page[1])).items()]
    context["body"] = ('<p class="reader-launch-buttons">Run this chapter’s notebook online: '
                       + " · ".join(links) + "</p>\n" + context["body"])


def setup(app):
    app.add_config_value("reader_student_repository", "", "html")
    app.connect("html-page-context", launch_buttons)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
