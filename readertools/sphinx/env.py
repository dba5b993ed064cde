"""Per-document data that an extension keeps in the Sphinx environment (pickled with it, so a
rebuild keeps what unchanged documents gave): one dict per name, docname -> value, emptied of a
document when Sphinx reads it again and merged back from parallel reads."""


def per_document(env, name: str) -> dict:
    if not hasattr(env, name):
        setattr(env, name, {})
    return getattr(env, name)


def keep_per_document(app, name: str) -> None:
    """Connect the handlers that purge and merge `env.<name>` with the documents."""
    app.connect("env-purge-doc", lambda app, env, docname: per_document(env, name).pop(docname, None))
    app.connect("env-merge-info", lambda app, env, docnames, other: per_document(env, name).update(
        {docname: value for docname, value in per_document(other, name).items() if docname in docnames}))
