"""The author on the report's title page: report/student.tex, set by `make submission NAME=... NETID=...`.

    python scripts/student.py set report/student.tex     # from $HW1_STUDENT_NAME, $HW1_STUDENT_NETID
    python scripts/student.py check report/student.tex   # a warning on stderr while a placeholder is left

`set` writes the values that are given (non-empty) into the file's \\studentname and \\studentnetid,
LaTeX's special characters escaped, and leaves the file untouched (its time stamp too, so the
report is not rebuilt) when nothing changes. `check` ends `make submission`: while the title page
still shows a placeholder, it prints a framed warning on stderr (the build itself succeeded).
Standard library only: it runs before the project's .venv exists.
"""
import argparse
import os
import re
import sys
from pathlib import Path

from build_lab1 import write_atomically  # scripts/ is on sys.path when this file runs as a script

PLACEHOLDERS = {"studentname": "[Student name]", "studentnetid": "[NetID]"}
ENVIRONMENT = {"studentname": "HW1_STUDENT_NAME", "studentnetid": "HW1_STUDENT_NETID"}
LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def definition(name):
    """The line `\\newcommand{\\<name>}{<value>}` of student.tex, its value as group 2."""
    return re.compile(rf"^(\\newcommand\{{\\{name}\}}\{{)(.*)\}}[ \t]*$", re.MULTILINE)


def latex_text(value):
    """``value`` as LaTeX text: special characters escaped, whitespace collapsed."""
    return "".join(LATEX_SPECIALS.get(c, c) for c in " ".join(value.split()))


def read_values(path):
    text = Path(path).read_text(encoding="utf-8")
    values = {}
    for name in PLACEHOLDERS:
        match = definition(name).search(text)
        if match is None:
            raise ValueError(f"{path} has no line \\newcommand{{\\{name}}}{{...}}; expected one for the "
                             "title page (see the file in the repository).")
        values[name] = match[2]
    return text, values


def set_values(path, given):
    """Write the non-empty values of ``given`` (name -> plain text) into ``path``; True if it changed."""
    text, _ = read_values(path)
    new = text
    for name, value in given.items():
        if value and value.strip():
            new = definition(name).sub(lambda m: m[1] + latex_text(value) + "}", new)
    if new == text:
        return False
    write_atomically(Path(path), new)
    return True


def warning(path, missing):
    """The framed warning for the placeholders ``missing`` (names) still in ``path``."""
    rule = "=" * 78
    shown = " and ".join(f'"{PLACEHOLDERS[name]}"' for name in missing)
    return (f"\n{rule}\nWARNING: the hand-in has no author. The title page of the PDF still shows {shown}.\n"
            f"Set them, then hand in the new PDF:\n"
            f'    make submission NAME="Your Name" NETID="your NetID"\n'
            f"(or edit {path}).\n{rule}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["set", "check"])
    parser.add_argument("path", type=Path, help="report/student.tex")
    args = parser.parse_args(argv)
    try:
        if args.action == "set":
            given = {name: os.environ.get(variable, "") for name, variable in ENVIRONMENT.items()}
            if set_values(args.path, given):
                print(f"== author set in {args.path}", file=sys.stderr)
            return
        _, values = read_values(args.path)
    except (OSError, ValueError) as error:
        sys.exit(str(error))
    missing = [name for name, placeholder in PLACEHOLDERS.items() if values[name] == placeholder]
    if missing:
        print(warning(args.path, missing), end="", file=sys.stderr)


if __name__ == "__main__":
    main()
