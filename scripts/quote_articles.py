#!/usr/bin/env python3
"""Authoring tool: add to each law page the articles the site cites but the page does not
quote yet, copied verbatim from the official texts in ../shared/sources/laws/. A law with a
`text_page` in data/laws.yml gets them on that page (and its en twin), where its articles live.

Usage: python3 scripts/quote_articles.py [--dry-run]
Needs ../shared/sources/laws/ (the reference texts); says so and exits 2 when it is absent.
Chinese pages get '### 第N条 { #art-N }' and the article as a block quote; English pages get
'### Article N { #art-N }' with the Chinese original, labelled as such (no official English
translation exists), for an editor to explain in English later.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
from kb.citations import int_to_cn  # noqa: E402
from kb.site import Site  # noqa: E402

SOURCES = os.path.join(ROOT, "..", "shared", "sources", "laws")
FILES = {
    "xinfang": "xinfang-gongzuo-tiaoli-2022.md", "xinfang2005": "xinfang-tiaoli-2005-repealed.md",
    "labour-dispute": "laodong-zhengyi-tiaojie-zhongcai-fa.md", "labour-law": "laodong-fa.md",
    "labour-contract": "laodong-hetong-fa.md", "work-injury": "gongshang-baoxian-tiaoli.md",
    "occupational-disease": "zhiyebing-fangzhi-fa.md", "labour-inspection": "laodong-baozhang-jiancha-tiaoli.md",
    "migrant-wages": "baozhang-nongmingong-gongzi-tiaoli.md", "people-mediation": "renmin-tiaojie-fa.md",
    "trade-union": "gonghui-fa.md", "admin-review": "xingzheng-fuyi-fa-2023.md",
    "admin-litigation": "xingzheng-susong-fa.md", "public-security": "zhian-guanli-chufa-fa-2025-excerpt.md",
    "civil-code": "minfadian-susong-shixiao-excerpt.md",
}


def article_text(source: str, n: int):
    head = f"第{int_to_cn(n)}条"
    lines = source.split("\n")
    out, inside = [], False
    for line in lines:
        if re.match(rf"^{head}[\s　]", line):
            inside = True
            out.append(re.sub(rf"^{head}[\s　]+", "", line).strip())
            continue
        if inside:
            if re.match(r"^第[零一二三四五六七八九十百千]+条[\s　]", line) or line.startswith("#"):
                break
            if line.strip():
                out.append(line.strip())
    return out or None


def main() -> int:
    if not os.path.isdir(SOURCES):
        print("quote_articles: ../shared/sources/laws/ is not here; this tool needs the reference texts", file=sys.stderr)
        return 2
    dry = "--dry-run" in sys.argv
    site = Site(ROOT, "docs")
    missing: dict[str, set[int]] = {}
    for f in site.check():
        if f.code == "KB305":
            m = re.search(r"^(\S+) article (\d+) is cited", f.message)
            law = site.data.registry.by_zh[m.group(1)]
            missing.setdefault(law.id, set()).add(int(m.group(2)))
    for law_id, arts in sorted(missing.items()):
        law = site.data.registry.laws[law_id]
        src = open(os.path.join(SOURCES, FILES[law_id]), encoding="utf-8").read()
        zh_add, en_add = [], []
        for n in sorted(arts):
            text = article_text(src, n)
            if not text:
                print(f"{law.zh} 第{n}条: not in the saved text (excerpt?) — quote it by hand", file=sys.stderr)
                continue
            quote = "\n>\n".join("> " + t for t in text)
            zh_add.append(f"### 第{int_to_cn(n)}条 {{ #art-{n} }}\n\n{quote}\n")
            en_add.append(f"### Article {n} {{ #art-{n} }}\n\nOfficial Chinese text (no official English translation exists):\n\n{quote}\n")
        print(f"{law.quote_page}: +{len(zh_add)} articles")
        if dry or not zh_add:
            continue
        for page, add in ((law.quote_page, zh_add), (law.quote_page[:-3] + ".en.md", en_add)):
            path = os.path.join(ROOT, "docs", page)
            body = open(path, encoding="utf-8").read().rstrip("\n")
            title = "## 本站引用的其他条文 { #more-articles }" if not page.endswith(".en.md") else "## Other articles cited on this site { #more-articles }"
            if "{ #more-articles }" not in body:
                body += "\n\n" + title + "\n"
            body += "\n\n" + "\n".join(add)
            open(path, "w", encoding="utf-8").write(body + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
