"""How the command line words things: sentences that leave paths alone, counts that add up,
and each message saying what actually happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from novelfetch.cli.entry import main
from novelfetch.cli.text import sentence
from novelfetch.sample.server import SampleServer
from tests.cli.test_cli_sources import usable_source
from tests.cli_support import run_cli


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("cannot read x: gone", "Cannot read x: gone"),
        (
            "books2/基准测试之书.epub holds 2000 chapters",
            "books2/基准测试之书.epub holds 2000 chapters",
        ),
        ("malformed.json is not JSON", "malformed.json is not JSON"),
        ("argument --port: must be", "Argument --port: must be"),
        ("done.", "Done."),
        ("--encoding is for TXT books", "--encoding is for TXT books"),
        # An address (a source named by its API base) is a name too.
        (
            "http://127.0.0.1:8765 did not answer usably",
            "http://127.0.0.1:8765 did not answer usably",
        ),
        ("https://example.com/x: gone", "https://example.com/x: gone"),
    ],
)
def test_a_sentence_starts_with_a_capital_unless_it_starts_with_a_name(
    message: str, shown: str
) -> None:
    assert sentence(message) == shown


def test_a_file_name_in_an_error_keeps_its_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("malformed.json").write_text("{oops", "utf-8")
    assert main(["rules", "import", "malformed.json", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("Error: malformed.json is not JSON")


async def test_nothing_found_says_how_many_sources_could_not_be_searched(
    tmp_path: Path,
) -> None:
    data = ["--data-dir", tmp_path]
    dead = [usable_source(n) for n in range(3)]
    for number, source in enumerate(dead, 1):
        source["bookSourceUrl"] = f"http://127.0.0.{number}:9/"  # nobody answers there
    rules = tmp_path / "dead.json"
    rules.write_text(json.dumps(dead, ensure_ascii=False), encoding="utf-8")
    code, _, err = await run_cli("sources", "import", rules, *data)
    assert code == 0, err
    search = ["search", "不存在的书", *data, "--api-base", "http://127.0.0.1:9/", "--timeout", "5"]
    code, out, err = await run_cli(*search)
    assert out == "" and code == 1, err  # nothing found, but 4 of 5 sources never answered
    assert "Nothing found for '不存在的书' on 1 source that answered; 4 could not" in err
    code, _, err = await run_cli(*search, "--source", "sample")
    assert code == 0 and "Nothing found for '不存在的书' on 1 source." in err


async def test_one_stored_chapter_is_not_all_1_chapter(
    server: SampleServer, tmp_path: Path
) -> None:
    args = ["download", "1", "--chapters", "3", "--api-base", server.api_base]
    args += ["--store-dir", tmp_path, "-o", tmp_path]
    assert (await run_cli(*args)).code == 0
    again = await run_cli(*args)
    assert "Nothing to fetch: the chapter is stored." in again.err, again.err


async def test_imports_say_what_they_did(tmp_path: Path) -> None:
    data = ["--data-dir", tmp_path / "d"]
    off = usable_source(1)
    off["enabled"] = False
    rule = tmp_path / "off.json"
    rule.write_text(json.dumps(off, ensure_ascii=False), encoding="utf-8")
    code, out, err = await run_cli("sources", "import", rule.as_uri(), *data)
    assert code == 0, err  # a file: address is read as the file
    assert "(disabled, as the file says" in out
    code, out, _ = await run_cli("sources", "list", "--json", *data)
    assert [s["enabled"] for s in json.loads(out) if s["kind"] == "legado"] == [False]


async def test_removing_a_book_names_its_source(tmp_path: Path) -> None:
    common = ["--data-dir", tmp_path, "--store-dir", tmp_path]
    done = await run_cli("download", "1", "--source", "sample", "--chapters", "1", "-q",
                         "-o", tmp_path, *common)  # fmt: skip
    assert done.code == 0, done.err
    refused = await run_cli("remove", "sample:1", *common)  # no terminal to ask on
    assert refused.code == 2
    assert "Removing 青云山海录 (from Sample (offline)) needs --yes" in refused.err
