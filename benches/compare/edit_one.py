"""Appends a sentence to the first answer paragraph of the first event of a content folder (the edit that
run.sh and rebuild.sh rebuild after). usage: edit_one.py CONTENT N"""
import pathlib
import sys

path = sorted(pathlib.Path(sys.argv[1]).rglob("*.zh.md"))[0]
lines, seen, done = path.read_text().split("\n"), False, False
for i, line in enumerate(lines):
    seen |= line.startswith("## q")
    if seen and not done and line and not line.startswith(("#", "*", "-", ">", "[", " ")):
        lines[i], done = line + f"这是第{sys.argv[2]}次编辑。", True
if not done:
    sys.exit(f"{path}: no answer paragraph to edit")
path.write_text("\n".join(lines))
