#!/usr/bin/env python3
"""Refuses closure literals inside #expect / #require in test sources.

Why: Swift 6.3.1 miscompiles a closure literal inside an #expect or #require expansion that
sits in another closure: a later closure literal in the same enclosing closure can be replaced
by the macro's one (both get the same symbol), so the later call silently runs the wrong code
and the test cannot fail. Seen with `#expect(try await harness.waitUntil { A })` followed by
`harness.waitUntil { B }`, which ran A. Compute the value first (`let ok = ...; #expect(ok)`).

Usage: Scripts/check-test-closures.py [DIR ...]   (default: Tests). Exit 1 on a finding.
"""
import pathlib
import sys

MACROS = ("#expect(", "#require(")


def macro_argument(text: str, start: int) -> str:
    """The text between the macro's parentheses, skipping string literals."""
    depth, i, out = 1, start, []
    in_string = False
    while i < len(text) and depth > 0:
        c = text[i]
        if in_string:
            if c == "\\" and i + 1 < len(text):
                if text[i + 1] == "(":
                    # Interpolation: copy until its closing parenthesis, which may nest.
                    j, inner = i + 2, 1
                    while j < len(text) and inner > 0:
                        inner += {"(": 1, ")": -1}.get(text[j], 0)
                        j += 1
                    out.append(text[i + 2:j - 1])
                    i = j
                    continue
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if depth > 0:
            out.append(c)
        i += 1
    return "".join(out)


def findings(path: pathlib.Path):
    text = path.read_text(encoding="utf-8")
    for macro in MACROS:
        start = 0
        while (found := text.find(macro, start)) >= 0:
            start = found + len(macro)
            if "{" in macro_argument(text, start):
                line = text.count("\n", 0, found) + 1
                yield f"{path}:{line}: closure literal inside {macro[:-1]}; compute it into a let first"


def main() -> int:
    roots = [pathlib.Path(a) for a in sys.argv[1:]] or [pathlib.Path("Tests")]
    problems = [f for root in roots for p in sorted(root.rglob("*.swift")) for f in findings(p)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} closure literal(s) inside #expect/#require (Swift 6.3.1 can run the wrong closure; see this script)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
