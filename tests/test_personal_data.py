"""Personal-data guard: ID cards (KB701), mobiles (KB702), landlines (KB703) and 123xx hotlines
not in data/public_numbers.yml (KB704), with the allowlist itself checked (KB602)."""
import datetime as dt
import os
import shutil

import yaml

from kb.site import Site, load_data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FM = "---\ntitle: T\nsummary: S.\naudience: [employee]\nreviewed_on: 2026-11-01\n---\n"


def make(tmp_path, body: str, numbers: str | None = None):
    (tmp_path / "data").mkdir()
    shutil.copy(os.path.join(ROOT, "data", "laws.yml"), tmp_path / "data" / "laws.yml")
    (tmp_path / "data" / "glossary.yml").write_text("[]\n", encoding="utf-8")
    if numbers is None:
        shutil.copy(os.path.join(ROOT, "data", "public_numbers.yml"), tmp_path / "data" / "public_numbers.yml")
    else:
        (tmp_path / "data" / "public_numbers.yml").write_text(numbers, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(FM + body, encoding="utf-8")
    (tmp_path / "docs" / "a.en.md").write_text(FM, encoding="utf-8")
    return Site(str(tmp_path), "docs", today=dt.date(2026, 11, 22))


def codes(site):
    return [f.render() for f in site.check()]


def test_allowlist_is_well_formed_and_loaded():
    raw = yaml.safe_load(open(os.path.join(ROOT, "data", "public_numbers.yml"), encoding="utf-8"))
    assert all(isinstance(e["number"], str) and e["zh"] and e["en"] for e in raw)
    data = load_data(ROOT)
    assert {"110", "120", "12333", "12345", "12348"} <= data.public_numbers
    assert [f for f in data.findings if f.path == "data/public_numbers.yml"] == []


def test_public_numbers_pass_and_amounts_are_not_numbers(tmp_path):
    body = ("拨打12333、12345或者12348咨询；紧急情况拨打110、120。\n\n"
            "补偿12350元，共12360人，2026年，第12377号。\n")
    assert codes(make(tmp_path, body)) == []


def test_landline_and_unknown_hotline_are_flagged(tmp_path):
    body = ("单位电话010-62345678，（0755）83456789，热线12366。\n"
            "分机0571-8765432。\n")
    assert codes(make(tmp_path, body)) == [
        "docs/a.md:7:5: KB703 landline-like number (use 电话：__________)",
        "docs/a.md:7:18: KB703 landline-like number (use 电话：__________)",
        "docs/a.md:7:35: KB704 service number 12366 not in data/public_numbers.yml "
        "(add it there if it is a national public service number; otherwise remove it)",
        "docs/a.md:8:3: KB703 landline-like number (use 电话：__________)",
    ]


def test_mobile_and_id_card_still_flagged_and_allowlist_does_not_cover_them(tmp_path):
    body = "电话13812345678，身份证110101199003071234，热线12333。\n"
    assert codes(make(tmp_path, body)) == [
        "docs/a.md:7:3: KB702 mobile-phone-like number (use 手机号：__________)",
        "docs/a.md:7:18: KB701 ID-card-like number (use an invented placeholder such as 身份证号：__________)",
    ]


def test_number_removed_from_allowlist_is_flagged(tmp_path):
    numbers = '- number: "12345"\n  zh: 政务服务便民热线\n  en: government service hotline\n'
    assert codes(make(tmp_path, "拨打12333。\n", numbers)) == [
        "docs/a.md:7:3: KB704 service number 12333 not in data/public_numbers.yml "
        "(add it there if it is a national public service number; otherwise remove it)",
    ]


def test_bad_allowlist_entries_are_findings_with_lines(tmp_path):
    numbers = ('- number: "12333"\n  zh: 人社热线\n  en: HR hotline\n'
               '- number: 12-345\n  zh: 错\n  en: bad\n'
               '- number: "12348"\n  zh: 法律服务热线\n'
               '- just a string\n')
    assert codes(make(tmp_path, "拨打12333。\n", numbers)) == [
        "data/public_numbers.yml:4:1: KB602 number must be digits in quotes, e.g. \"12333\" (got '12-345')",
        "data/public_numbers.yml:7:1: KB602 number 12348 has no name in en",
        "data/public_numbers.yml:9:1: KB602 entry must be a mapping with number, zh and en",
    ]
