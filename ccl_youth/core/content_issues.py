"""The problems found in content files, each named by file, entry and field."""

from __future__ import annotations


class ContentError(Exception):
    """Content files are broken; ``messages`` lists every problem, one line each."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        count = len(self.messages)
        heading = f"{count} problem{'s' if count != 1 else ''} in content"
        super().__init__(heading + ":\n" + "\n".join(f"  {m}" for m in self.messages))


class Issues:
    """Collects problems as ``<file>[ line N][, <entry>]: [<field>: ]<problem>``."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(
        self,
        file: str,
        entry: str | None,
        field: str | None,
        problem: str,
        line: int | None = None,
    ) -> None:
        where = file + (f" line {line}" if line is not None else "")
        if entry:
            where += f", {entry}"
        self.messages.append(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")

    def __bool__(self) -> bool:
        return bool(self.messages)
