#!/usr/bin/env python3
"""Convert wenda's open-data export (`wenda export --format json`) into a Hugo site with the same pages:
event (whole text), exchange, year, topic and outlet pages, in Chinese and English. Used by run.sh to compare
build times on identical content. usage: to_hugo.py EXPORT.json SITE_DIR
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def front(d):
    return "---\n" + json.dumps(d, ensure_ascii=False) + "\n---\n"


def paragraphs(ps):
    return "\n\n".join(p.replace("\n", " ") for p in ps) + "\n"


def main(export_path, site):
    data = json.load(open(export_path, encoding="utf-8"))
    if os.path.exists(site):
        shutil.rmtree(site)
    os.makedirs(site)
    shutil.copytree(os.path.join(HERE, "hugo-layouts"), os.path.join(site, "layouts"))
    with open(os.path.join(site, "config.toml"), "w") as f:
        f.write(
            'baseURL = "https://example.org/"\n'
            'defaultContentLanguage = "zh"\n'
            "disableKinds = ['RSS']\n"
            "[taxonomies]\n  topic = 'topics'\n  outlet = 'outlets'\n"
            "[languages.zh]\n  contentDir = 'content/zh'\n  languageCode = 'zh-Hans'\n  weight = 1\n  hasCJKLanguage = true\n"
            "[languages.en]\n  contentDir = 'content/en'\n  languageCode = 'en'\n  weight = 2\n"
        )
    files = 0
    for lang in ("zh", "en"):
        root = os.path.join(site, "content", lang)
        years = set()
        for ev in data["events"]:
            year = ev["date"][:4]
            if year not in years:
                years.add(year)
                os.makedirs(os.path.join(root, year), exist_ok=True)
                with open(os.path.join(root, year, "_index.md"), "w", encoding="utf-8") as f:
                    f.write(front({"title": year}))
                files += 1
            evdir = os.path.join(root, year, ev["id"])
            os.makedirs(evdir, exist_ok=True)
            title = ev["title"].get(lang) or ev["title"]["zh"]
            body = ["## Opening {#opening}\n", paragraphs(ev["opening"].get(lang) or ev["opening"]["zh"])]
            for ex in ev["exchanges"]:
                q = ex["question"].get(lang) or ex["question"]["zh"]
                a = ex["answer"].get(lang) or ex["answer"]["zh"]
                outlet = ex["outlet"].get(lang) or ex["outlet"]["zh"]
                body.append(f"## {outlet} {{#{ex['id']}}}\n")
                body.append(paragraphs(q))
                body.append(paragraphs(a))
                with open(os.path.join(evdir, ex["id"] + ".md"), "w", encoding="utf-8") as f:
                    f.write(front({
                        "title": f"{outlet}: {q[0][:40] if q else ''}",
                        "date": ev["date"],
                        "topics": [t[lang] or t["zh"] for t in ex["topics"]],
                        "outlets": [outlet],
                        "weight": int(ex["id"][1:]),
                    }))
                    f.write(paragraphs(q) + "\n" + paragraphs(a))
                files += 1
            with open(os.path.join(evdir, "_index.md"), "w", encoding="utf-8") as f:
                f.write(front({"title": title, "date": ev["date"]}) + "\n".join(body))
            files += 1
    print(f"{files} Markdown files")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
