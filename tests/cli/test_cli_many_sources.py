"""The command line with the many sources a real collection brings: ``sources list`` in
columns, an unknown id answered in a line, an import report that ends with its count."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli_sources import js_source, usable_source
from tests.cli_support import run_cli

LONG_HOST = "https://www.a-novel-site-with-a-long-host-name.example.org/"


def collection() -> list[dict[str, object]]:
    sources: list[dict[str, object]] = [usable_source(number) for number in range(30)]
    sources.append(dict(usable_source(99), bookSourceUrl=LONG_HOST, bookSourceName="长名"))
    sources.append(js_source(7))  # not usable
    sources.append({"bookSourceName": "坏的", "bookSourceUrl": "坏的"})  # skipped
    return sources


async def import_collection(tmp_path: Path) -> tuple[list[str], str, str]:
    path = tmp_path / "many.json"
    path.write_text(json.dumps(collection(), ensure_ascii=False), encoding="utf-8")
    code, out, err = await run_cli("sources", "import", path, "--data-dir", tmp_path)
    assert code == 0, err
    return out.splitlines(), err, path.name


async def test_import_report_names_each_once_and_ends_with_the_count(tmp_path: Path) -> None:
    lines, err, _ = await import_collection(tmp_path)
    assert len(lines) == 33  # one per source, on standard output
    (skipped,) = [line for line in lines if line.startswith("skipped")]
    assert skipped.count("坏的") == 2, skipped  # the name, then the address it gave: once each
    # The count, where a long report's reader looks last (standard error, as messages go).
    assert "33 sources in " in err, err
    assert "many.json: 31 imported, 1 not usable, 1 skipped" in err, err


async def test_sources_list_keeps_its_columns_with_long_ids(tmp_path: Path) -> None:
    await import_collection(tmp_path)
    code, out, err = await run_cli("sources", "list", "--data-dir", tmp_path)
    assert code == 0, err
    rows = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert len(rows) == 2 + 32 + 1  # built-ins, imported sources, the header
    starts = {
        line.index(" legado ") if " legado " in line else line.index(" builtin ")
        for line in rows[1:]
    }
    assert len(starts) == 1, out  # the kind column starts at one place on every row
    assert rows[0].split() == ["ID", "KIND", "STATE", "USABLE", "JS", "NAME", "ADDRESS"]


async def test_an_unknown_id_among_many_is_answered_in_a_line(tmp_path: Path) -> None:
    await import_collection(tmp_path)
    known = next(
        entry["id"]
        for entry in json.loads(
            (await run_cli("sources", "list", "--json", "--data-dir", tmp_path)).out
        )
        if entry["url"] == LONG_HOST
    )
    code, out, err = await run_cli("sources", "enable", known[:-1], "--data-dir", tmp_path)
    assert code == 2 and not out
    assert f"did you mean {known}?" in err, err
    assert "sources list" in err and len(err) < 400, err  # not every id of the collection
    code, _, err = await run_cli("sources", "enable", "nosuch", "--data-dir", tmp_path)
    assert code == 2 and "did you mean" not in err and len(err) < 400, err


async def test_an_address_of_another_scheme_is_refused_as_such(tmp_path: Path) -> None:
    # It was read as a path ("Cannot read ftp:/example.com/x.json: No such file").
    code, out, err = await run_cli(
        "sources", "import", "ftp://example.com/x.json", "--data-dir", tmp_path
    )
    assert code == 2 and not out
    assert "Only http and https addresses can be imported from: 'ftp://example.com/x.json'" in err


async def test_a_search_with_failures_ends_with_its_count(tmp_path: Path) -> None:
    # Each failure is named as it comes; among hundreds, the end says how it went.
    dead = [
        dict(usable_source(number), bookSourceUrl=f"http://127.0.0.1:9/s{number}/")
        for number in range(3)
    ]
    path = tmp_path / "dead.json"
    path.write_text(json.dumps(dead, ensure_ascii=False), encoding="utf-8")
    data = ["--data-dir", tmp_path]
    assert (await run_cli("sources", "import", path, *data)).code == 0
    assert (await run_cli("sources", "disable", "baidu", *data)).code == 0  # no network here
    code, out, err = await run_cli("search", "青云", *data, "--store-dir", tmp_path)
    assert code == 0 and "青云山海录" in out, err
    assert (
        err.splitlines()[-1] == "1 book found on 1 of 4 sources; 3 could not be searched (above)."
    ), err


async def test_several_files_are_imported_in_one_command(tmp_path: Path) -> None:
    first, second, broken = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "broken.json"
    first.write_text(json.dumps([usable_source(1), usable_source(2)]), encoding="utf-8")
    second.write_text(json.dumps(usable_source(3)), encoding="utf-8")
    broken.write_text('{"bookSourceName": ', encoding="utf-8")
    data = ["--data-dir", tmp_path / "data"]
    code, out, err = await run_cli("sources", "import", first, second, *data)
    assert code == 0, err
    assert len(out.splitlines()) == 3 and "a.json: 2 imported" in err and "b.json: 1 imp" in err
    # One that is not a rule file is named; the others still come in; exit 2 says "look".
    code, out, err = await run_cli("sources", "import", broken, first, *data)
    assert code == 2 and len(out.splitlines()) == 2, err
    assert "Error: Not a rule file: " in err and "broken.json" in err, err
    assert err.splitlines()[-1] == "1 input of 2 could not be imported (above).", err


async def test_enable_disable_and_remove_take_several_ids(tmp_path: Path) -> None:
    await import_collection(tmp_path)
    listed = json.loads((await run_cli("sources", "list", "--json", "--data-dir", tmp_path)).out)
    ids = [entry["id"] for entry in listed if entry["kind"] == "legado"][:3]
    code, out, err = await run_cli("sources", "disable", *ids, "--data-dir", tmp_path)
    assert code == 0 and out.count(": disabled (") == 3, err
    # An unknown id among them changes none of them.
    code, out, err = await run_cli("sources", "remove", ids[0], "nosuch", "--data-dir", tmp_path)
    assert code == 2 and not out and "Unknown source 'nosuch'" in err
    code, out, err = await run_cli("sources", "remove", *ids, "--data-dir", tmp_path)
    assert code == 0 and out.count(": removed (") == 3, err
    after = json.loads((await run_cli("sources", "list", "--json", "--data-dir", tmp_path)).out)
    assert not {entry["id"] for entry in after} & set(ids)
