"""Source text as MyST that renders literally.

Every ASCII punctuation character is backslash-escaped, which CommonMark defines as "this
character, literally": whatever a seed holds (`$`, `*`, `<script>`, `{directive}`, `%`) comes out
as visible text. Every other stage that writes text into a page goes through `literal`.
"""

import re

ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def literal(text: str) -> str:
    """Escape text so that MyST renders every character of it as itself."""
    return ASCII_PUNCTUATION.sub(r"\\\1", " ".join(text.split("\t")))
