"""Text options on the command line: --convert, replacement rules, the rules commands, and
encodings that cannot hold the book, refused before anything is fetched."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from novelfetch.core.text.replace_rules import RULES_FILE, ReplaceRule, save_rules
from novelfetch.resources import resource_path
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli, total_chapter_requests


def download(server: SampleServer, tmp_path: Path, *args: str | Path) -> list[str | Path]:
    return [
        "download",
        *args,
        "--api-base",
        server.api_base,
        "-o",
        tmp_path / "out",
        "--cache-dir",
        tmp_path / "cache",
        "--data-dir",
        tmp_path / "data",
    ]


async def test_convert_to_traditional_in_txt_and_epub(server: SampleServer, tmp_path: Path) -> None:
    code, out, err = await run_cli(
        *download(server, tmp_path, "1", "--chapters", "1-2", "-f", "txt", "--convert", "s2t")
    )
    assert code == 0, err
    text = Path(out.strip()).read_text("utf-8")
    assert Path(out.strip()).name == "測試之書 (第1-2章).txt"
    assert text.startswith("測試之書\n作者：測試作者\n")
    code, out, err = await run_cli(
        *download(server, tmp_path, "1", "--chapters", "1-2", "--convert", "s2hk")
    )
    assert code == 0, err
    with zipfile.ZipFile(out.strip()) as book:
        assert "<dc:language>zh-HK</dc:language>" in book.read("EPUB/content.opf").decode()
    assert total_chapter_requests(server) == 2  # the second run converted the stored text


async def test_saved_and_file_rules_apply_and_can_be_switched_off(
    server: SampleServer, tmp_path: Path
) -> None:
    save_rules(tmp_path / "data", [ReplaceRule("测试", "TEST")])
    legado = tmp_path / "legado.json"
    legado.write_text(
        json.dumps(
            [{"pattern": "第(.)章", "replacement": "Chapter $1", "isRegex": True, "order": 1}]
        ),
        "utf-8",
    )
    args = download(server, tmp_path, "1", "--chapters", "1", "-f", "txt")
    code, out, err = await run_cli(*args, "--replace-rules", legado)
    assert code == 0, err
    text = Path(out.strip()).read_text("utf-8")
    assert "Chapter 一" in text and "第一章" not in text
    assert "测试" not in text.split("\n", 2)[2]  # the saved rule ran on the chapters
    code, out, err = await run_cli(*args, "--no-replace-rules")
    assert code == 0, err
    assert "第一章" in Path(out.strip()).read_text("utf-8")


async def test_a_catastrophic_rule_is_reported_once_and_the_book_written(
    server: SampleServer, tmp_path: Path
) -> None:
    rules = tmp_path / "slow.json"
    rules.write_text(json.dumps({"rules": [{"pattern": "(.|.)+$", "is_regex": True}]}), "utf-8")
    args = download(server, tmp_path, "1", "--chapters", "1-3", "-f", "txt")
    code, out, err = await run_cli(*args, "--replace-rules", rules)
    assert code == 0, err
    assert err.count("Replacement rule '(.|.)+$' skipped: it ran longer than") == 1, err
    assert "第三章" in Path(out.strip()).read_text("utf-8")


async def test_unreadable_rules_file_is_refused_before_any_request(
    server: SampleServer, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", "utf-8")
    for rules_file, message in ((broken, "is not JSON"), (tmp_path / "none.json", "Cannot read")):
        code, _, err = await run_cli(
            *download(server, tmp_path, "1"), "--replace-rules", rules_file
        )
        assert code == 2 and message in err and err.startswith("Error: "), err
    assert not server.stats.chapter_requests and not (tmp_path / "out").exists()


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
async def test_an_encoding_that_cannot_hold_the_book_is_refused_before_anything(
    server: SampleServer, tmp_path: Path, encoding: str
) -> None:
    code, out, err = await run_cli(
        *download(server, tmp_path, "1", "-f", "txt", "--encoding", encoding)
    )
    assert code == 2 and out == "", err
    assert f"Error: The text encoding '{encoding}' cannot represent Chinese text" in err
    assert not server.stats.requests and not server.stats.chapter_requests
    assert not (tmp_path / "out").exists()


async def test_big5_is_accepted_for_a_traditional_book(
    server: SampleServer, tmp_path: Path
) -> None:
    args = download(server, tmp_path, "1", "--chapters", "1", "-f", "txt", "--encoding", "big5")
    code, _, err = await run_cli(*args)
    assert code == 2 and "'big5' cannot represent" in err
    code, out, err = await run_cli(*args, "--convert", "s2tw")
    assert code == 0, err
    assert Path(out.strip()).read_bytes().decode("big5").startswith("測試之書")


async def test_rules_commands(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    legado = {"name": "去广告", "pattern": "广告", "replacement": "", "isRegex": False}
    source = tmp_path / "rules.json"
    source.write_text(json.dumps([legado, {**legado, "name": "二", "pattern": "(a)"}]), "utf-8")
    code, _, err = await run_cli("rules", "import", source, *data)
    assert code == 0 and "Imported 2 rules; 2 saved." in err, err
    code, out, _ = await run_cli("rules", "list", *data)
    assert code == 0 and '1. [on ] text  "广告" -> ""; all books, order 0 (去广告)' in out, out
    code, _, err = await run_cli("rules", "disable", "2", *data)
    assert code == 0 and "Disabled rule 2: 二" in err
    code, out, _ = await run_cli("rules", "list", "--json", *data)
    listed = json.loads(out)
    assert [r["enabled"] for r in listed] == [True, False]
    code, _, err = await run_cli("rules", "remove", "1", *data)
    assert code == 0 and "Removed rule 1: 去广告" in err
    code, _, err = await run_cli("rules", "enable", "5", *data)
    assert code == 2 and "Error: There is no rule 5: 1 rule saved (1-1)" in err
    saved = json.loads((tmp_path / "data" / RULES_FILE).read_text("utf-8"))
    assert [r["name"] for r in saved["rules"]] == ["二"]


async def test_a_rule_that_does_not_compile_is_reported_once_per_download(
    server: SampleServer, tmp_path: Path
) -> None:
    rules = tmp_path / "broken.json"
    rules.write_text(json.dumps({"rules": [{"pattern": "(unclosed", "is_regex": True}]}), "utf-8")
    args = download(server, tmp_path, "1", "--chapters", "1-3")
    code, _, err = await run_cli(*args, "--replace-rules", rules)
    assert code == 0, err
    assert err.count("'(unclosed' skipped: its pattern does not compile") == 1, err


async def test_rules_import_skips_a_rule_that_cannot_work_saying_why(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    broken = {"name": "坏", "pattern": "(unclosed", "isRegex": True}
    good = {"name": "好", "pattern": "广告", "isRegex": False}
    source = tmp_path / "rules.json"
    source.write_text(json.dumps([broken, good]), "utf-8")
    code, _, err = await run_cli("rules", "import", source, *data)
    assert code == 0, err
    assert "Skipped rule 1 (坏): its pattern does not compile" in err
    assert "Imported 1 rule; 1 saved." in err
    source.write_text(json.dumps([broken]), "utf-8")
    code, _, err = await run_cli("rules", "import", source, *data)
    assert code == 2 and "Error: No rule was imported" in err, err
    saved = json.loads((tmp_path / "data" / RULES_FILE).read_text("utf-8"))
    assert [r["name"] for r in saved["rules"]] == ["好"]


async def test_rules_import_of_a_book_source_file_says_what_it_is(tmp_path: Path) -> None:
    book_source = resource_path("sample/rules/sample-site.legado.json")
    for rule_file in (book_source, resource_path("sample/rules/sample-site.sonovel.json")):
        code, _, err = await run_cli("rules", "import", rule_file, "--data-dir", tmp_path)
        assert code == 2 and "holds book sources" in err and "import it as a source" in err, err
    assert not (tmp_path / RULES_FILE).exists()
