"""The one exception every check raises, so that the build stops with a single clear message."""


class SourceError(Exception):
    """Bad input: names the file and the place, so the fix can start there."""

    def __init__(self, path, message, place=None):
        self.path = str(path)
        self.place = place
        where = f"{self.path}, {place}" if place else self.path
        super().__init__(f"{where}: {message}")
