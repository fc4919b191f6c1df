"""The command line's options: every one explained in --help, and values that cannot work
refused up front (exit 2, one line naming the option) instead of failing later or silently."""

from __future__ import annotations

import argparse
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from novelfetch.cli.entry import build_parser, main
from tests.cli_support import cli_command


def commands(parser: argparse.ArgumentParser, name: str = "novelfetch") -> Iterator[tuple]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from commands(sub, f"{name} {sub_name}")


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{name} {action.option_strings or action.dest}"
        for name, parser in commands(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


def test_no_help_names_an_option_its_command_lacks() -> None:
    for name, parser in commands(build_parser()):
        options = {option for action in parser._actions for option in action.option_strings}
        text = parser.format_help()
        for option in ("--store-dir", "--cache-dir", "--data-dir"):
            assert option not in text or option in options, (name, option)


def test_version_goes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code in (0, None)
    out, err = capsys.readouterr()
    assert out.startswith("novelfetch ") and err == ""


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["download", "1", "--source", "sample", "--timeout", "-1"], "--timeout"),
        (["download", "1", "--source", "sample", "--timeout", "nan"], "--timeout"),
        (["download", "1", "--source", "sample", "--retries", "-1"], "--retries"),
        (["update", "--all", "--timeout", "0"], "--timeout"),
        (["update", "--all", "-j", "0"], "-j"),
        (["search", "青云", "--timeout", "-5"], "--timeout"),
        (["sources", "test", "sample", "--timeout", "0"], "--timeout"),
        (["serve-sample", "--port", "99999"], "--port"),
        (["serve-sample", "--latency", "-1"], "--latency"),
    ],
)
def test_values_that_cannot_work_are_refused(
    arguments: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(arguments)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert named in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(
    ("arguments", "phrase"),
    [
        (["download", "0"], "Not a book ID: '0'"),
        (["download", "https://dushu.baidu.com/pc/detail?gid=000"], "No book ID"),
        (["download", "1", "--source", "sample", "--encoding", "gb18030"], "--encoding is for TXT"),
        (["export", "1", "--encoding", "gb18030"], "--encoding is for TXT"),
    ],
)
def test_input_that_would_be_ignored_or_fetched_for_nothing_is_refused(
    arguments: list[str], phrase: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*arguments, "--store-dir", str(tmp_path), "--data-dir", str(tmp_path)])
    assert code == 2
    assert phrase in capsys.readouterr().err


def test_a_reader_that_goes_away_is_no_traceback(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # `novelfetch library --json | head` once head has finished
    try:
        finished = subprocess.run(
            cli_command("library", "--json", "--store-dir", tmp_path),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert finished.returncode == 141 and finished.stderr == ""
