"""Benchmarks, never tests: `make bench` (the build's costs, `book`) and `make bench-site` (what a
reader on a phone gets, `site`), each beside a stock Jupyter Book."""
