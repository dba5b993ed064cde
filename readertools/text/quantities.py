"""Read the numbers and dates a quotation states, so a dataset's value can be checked against it.

Sources write figures every way: "12,000", "2.5million", "1.25 million", "one-eighth", "more than
half", "fourteen", a European "240.000", a Russian "24 тыс." (thousand); and dates as "March 18th,
1871", "18 March" or "May 30".
"""

import re

SMALL = {word: n for n, word in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
])}
TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5, "eighth": 1 / 8,
             "tenth": 1 / 10}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "тыс": 1_000}
MONTHS = {name: n for n, name in enumerate([
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"], start=1)}

NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:\.\d{3})+(?![\d,.]\d)|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(hundred|thousand|million|тыс)?\b", re.IGNORECASE)
WORD_NUMBER = re.compile(rf"\b({'|'.join([*SMALL, *TENS])})\b[\s-]*(hundred|thousand|million)?\b",
                         re.IGNORECASE)
FRACTION = re.compile(rf"\b(?:(a|one|{'|'.join(SMALL)})[\s-]+)?({'|'.join(FRACTIONS)})s?\b", re.IGNORECASE)
MONTH = "|".join(MONTHS)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\b,?\s*(\d{{4}})?", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?", re.IGNORECASE)


def numbers_in(text: str) -> list[float]:
    """Every value the text states; a fraction counts both as itself and as a percentage."""
    values = []
    for digits, scale in NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
            digits = digits.replace(".", "")  # "240.000": a European thousands separator
        values.append(float(digits.replace(",", "")) * SCALES.get(scale.lower(), 1))
    for word, scale in WORD_NUMBER.findall(text):
        word = word.lower()
        values.append(SMALL.get(word, TENS.get(word, 0)) * SCALES.get(scale.lower(), 1))
    for count, fraction in FRACTION.findall(text):
        share = SMALL.get(count.lower(), 1) * FRACTIONS[fraction.lower()]
        values += [share, share * 100]
    return values


def dates_in(text: str) -> list[tuple[int | None, int, int]]:
    """Every (year or None, month, day) the text states."""
    found = [(int(year) if year else None, MONTHS[month.lower()], int(day))
             for day, month, year in DAY_MONTH.findall(text)]
    found += [(int(year) if year else None, MONTHS[month.lower()], int(day))
              for month, day, year in MONTH_DAY.findall(text)]
    return found
