"""Findings: one line each, ``path:line:col: CODE message (suggestion)``."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

# Code families (documented in README.md; each code with an example and its fix in CONTRIBUTING.md):
#   KB1xx front matter and page structure   KB2xx links and anchors
#   KB3xx legal citations                    KB4xx glossary
#   KB5xx anchor lock and redirects          KB6xx data files
#   KB7xx personal data                      KB8xx channel tree and deadline rules
CODES = {
    "KB101": "front matter is not valid YAML",
    "KB102": "required front-matter field missing",
    "KB103": "front-matter field malformed",
    "KB104": "page has no twin in the other language",
    "KB105": "H1 heading in the body (the title comes from front matter)",
    "KB106": "unterminated admonition or details block",
    "KB107": "page missing from navigation",
    "KB110": "review older than 12 months (listed, not fatal)",
    "KB201": "link to a page that does not exist",
    "KB202": "link to an anchor that does not exist",
    "KB203": "English page links to a page with no English twin",
    "KB204": "image that does not exist",
    "KB205": "absolute or external link",
    "KB206": "H2/H3 heading without an explicit ASCII anchor",
    "KB207": "duplicate anchor on a page",
    "KB208": "heading anchors differ between the two languages",
    "KB301": "unknown law",
    "KB302": "article does not exist",
    "KB303": "repealed law cited as current",
    "KB304": "bare article number with no law named before it",
    "KB305": "cited article not quoted on the law's page",
    "KB306": "front-matter legal_basis entry is not a citation",
    "KB401": "duplicate glossary term or alias",
    "KB402": "glossary entry missing a field or a language",
    "KB403": "avoided form used",
    "KB404": "unknown glossary id",
    "KB405": "glossary entry not used on any page (listed, not fatal)",
    "KB501": "published anchor disappeared",
    "KB502": "redirect points to a page or anchor that does not exist",
    "KB601": "data file is not valid YAML",
    "KB602": "data file has a wrong type or a missing field",
    "KB701": "ID-card-like number",
    "KB702": "mobile-phone-like number",
    "KB703": "landline-like number",
    "KB704": "service number not in data/public_numbers.yml",
    "KB801": "channel tree: answer points to an unknown node",
    "KB802": "channel tree: a path never ends in an outcome (cycle or question without answers)",
    "KB803": "channel tree: node no path reaches",
    "KB804": "channel tree: guide link to a missing page or anchor",
    "KB805": "channel tree: legal basis or citation does not verify",
    "KB806": "channel tree: text missing in one language",
    "KB807": "channel tree: duplicate node id, key or answer label",
    "KB808": "channel tree: node of the wrong shape",
    "KB809": "channel tree: zh and en cite different articles",
    "KB811": "deadline rules: wrong type, missing field or duplicate rule id",
    "KB812": "deadline rule: unknown unit",
    "KB813": "deadline rule: length is not a positive whole number",
    "KB814": "deadline rule: text missing in one language",
    "KB815": "deadline rule: citation does not verify",
    "KB816": "holiday file: bad or misplaced date, wrong year or missing source",
    "KB817": "holiday file: date listed twice, both rest and make-up working day, or make-up day not on a weekend",
    "KB818": "deadline example: unknown rule, bad date or missing note",
    "KB819": "deadline example: expected date differs from the engine's result",
}

# Codes that are reported but do not fail the build.
INFO_CODES = {"KB110", "KB405"}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    suggestion: str = ""

    def render(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    @property
    def fatal(self) -> bool:
        return self.code not in INFO_CODES


def did_you_mean(word: str, choices, label: str = "") -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    if not close:
        return ""
    return f"did you mean {label}'{close[0]}'?"
