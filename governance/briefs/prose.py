"""The secretariat's own prose (summary and notes) as a pool of sentences a draft draws on.

Generated wording comes first; the pool only adds what the records cannot say in structure:
a summary sentence that starts with a generated clause extends it (the staff's additions are
kept), a sentence that repeats what the draft already says is dropped, and the rest is printed
after the agenda. Every sentence is used at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from governance.briefs import rules

# A sentence at least this much contained in the draft so far is taken as already said.
SAID = 0.8


def coverage(part: str, text: str) -> float:
    """Share of `part` (comparable form) found in order in `text`: 1.0 when fully contained."""
    a, b = rules.comparable(part).rstrip(".,"), rules.comparable(text)
    if not a:
        return 1.0
    if a in b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


@dataclass
class Sentence:
    text: str
    source: str  # "summary" or "notes"
    paragraph: int
    used: bool = False


class Prose:
    def __init__(self, summary: str, notes: str, enabled: bool = True) -> None:
        self.enabled = enabled
        self.lead = ""
        self.pool: list[Sentence] = []
        for source, text in (("summary", summary), ("notes", notes)):
            for index, paragraph in enumerate(p for p in text.split("\n") if p.strip()):
                cleaned = rules.fullwidth(rules.normalise_dates(paragraph.strip()))
                if source == "summary" and index == 0:
                    cleaned = rules.strip_dateline(cleaned)
                for s in rules.sentences(cleaned):
                    self.pool.append(Sentence(s, source, index))

    def _free(self, source: str | None = None) -> list[Sentence]:
        if not self.enabled:
            return []
        return [s for s in self.pool if not s.used and (source is None or s.source == source)]

    def extend(self, clause_text: str, tail: str = "") -> str:
        """The clause, or the first unused summary sentence that starts with it (without 。)."""
        if not clause_text:
            return ""
        for s in self._free("summary"):
            if rules.extends(s.text, clause_text):
                s.used = True
                return s.text.rstrip("。")
        return clause_text + tail

    def opening(self) -> str:
        """The summary's first paragraph (its dateline removed), for items with no structure."""
        first = [s for s in self._free("summary") if s.paragraph == 0]
        for s in first:
            s.used = True
        return "".join(s.text for s in first)

    def covering(self, part: str) -> str:
        """An unused sentence that already says `part` (e.g. an agenda item), marked used."""
        if not part:
            return ""
        best: tuple[float, Sentence] | None = None
        for s in self._free():
            score = coverage(part, s.text)
            if score >= SAID and (best is None or score > best[0]):
                best = (score, s)
        if best is None:
            return ""
        best[1].used = True
        return best[1].text

    def already_said(self, part: str) -> bool:
        """Whether the lead or a sentence already taken into the draft tells `part`."""
        if not part or not self.enabled:
            return False
        if self.lead and coverage(part, self.lead) >= SAID:
            return True
        return any(s.used and coverage(part, s.text) >= SAID for s in self.pool)

    def drop_said(self, text: str) -> None:
        """Marks sentences the draft already says (the lead) as used."""
        self.lead += text
        for s in self._free():
            if coverage(s.text, text) >= SAID:
                s.used = True

    def said(self, part: str) -> bool:
        """Whether `part` appears in a sentence already taken into the draft."""
        return any(s.used and rules.contains(s.text, part) for s in self.pool)

    def rest(self, source: str) -> list[str]:
        """Unused sentences of one source, one string per paragraph, marked used."""
        paragraphs: dict[int, list[str]] = {}
        for s in self._free(source):
            paragraphs.setdefault(s.paragraph, []).append(s.text)
            s.used = True
        return ["".join(texts) for _, texts in sorted(paragraphs.items())]
