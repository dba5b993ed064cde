"""Stage 6, the Sphinx extensions, one job each (named in `_config.yml`), and `run`, the process that
runs Sphinx on an edition as `jupyter-book build` does. Nothing outside this folder imports them."""
