"""Chapter text: html output becomes lines; hostile markup is never kept or run."""

from __future__ import annotations

from novelfetch.core.sources.rules.analyze import Analyzer, html_to_text

CHAPTER = """<html><head><style>.x{color:red}</style><script>alert('head')</script></head>
<body><div id="content">
  &nbsp;&nbsp;&nbsp;&nbsp;第一段：他说&ldquo;你好&rdquo;&amp;走了。<br/><br>
  &emsp;&emsp;第二段 1 &lt; 2<br>
  <p>第三段<script>document.cookie</script><b>加粗</b></p>
  <div>第四段</div><!-- 注释 --><style>p{}</style>
  <img src="/ad.png" onerror="evil()">第五段
</div></body></html>"""


def test_html_output_is_split_into_clean_lines() -> None:
    page = Analyzer(CHAPTER, "https://site.example/c/1.html")
    text = page.string("id.content@html")
    assert text.split("\n") == [
        "第一段：他说“你好”&走了。",
        "第二段 1 < 2",
        "第三段加粗",
        "第四段",
        "第五段",
    ]


def test_scripts_styles_and_comments_never_reach_the_text() -> None:
    page = Analyzer(CHAPTER, "https://site.example/c/1.html")
    for rule in ("id.content@html", "id.content@all", "id.content@text", "//div[@id='content']"):
        text = page.string(rule)
        for hostile in ("alert", "document.cookie", "color:red", "注释", "evil", "<b", "<p"):
            assert hostile not in text, (rule, hostile)
    # The page tree is not changed by taking html: a later rule still sees the script.
    assert page.string("tag.script.1@html##.*(cookie).*##$1") == "cookie"


def test_regex_runs_on_the_markup_before_it_becomes_lines() -> None:
    page = Analyzer(CHAPTER, "https://site.example/c/1.html")
    text = page.string("id.content@html##<p>.*?</p>")
    assert "第三段" not in text
    assert "第四段" in text


def test_text_rules_decode_entities() -> None:
    page = Analyzer("<p title='a &amp; b'>x&nbsp;&amp;&nbsp;y</p>", "https://x.example/")
    assert page.string("tag.p@text") == "x & y"
    assert page.string("tag.p@title") == "a & b"


def test_html_to_text_for_markup_from_json_fields() -> None:
    assert html_to_text("<p>一</p><p>二&amp;三</p>\n\n<br>四  ") == "一\n二&三\n四"
    assert html_to_text("plain\n  lines  \n\n") == "plain\nlines"
    assert html_to_text("") == ""


def test_wide_spaces_read_as_spaces_and_invisible_ones_vanish() -> None:
    # As Legado's formatter: no-break, en and em spaces are spaces; thin and zero-width go.
    assert html_to_text("<p>a\xa0b\u2002c\u2003d</p><p>e\u2009f\u200cg\u200dh</p>") == (
        "a b c d\nefgh"
    )
    assert html_to_text("\xa0\u200c plain \u2003") == "plain"


def test_textnodes_keep_lines_of_br_separated_text() -> None:
    page = Analyzer(CHAPTER, "https://site.example/c/1.html")
    lines = page.strings("id.content@textNodes")[0].split("\n")
    # Like jsoup, only ASCII whitespace and no-break spaces are trimmed; em spaces stay.
    assert [line.strip() for line in lines[:2]] == [
        "第一段：他说“你好”&走了。",
        "第二段 1 < 2",
    ]


def test_empty_and_odd_pages_parse() -> None:
    for content in ("", "   ", "\x00\x01<p>a</p>", '<?xml version="1.0" encoding="gbk"?><p>b</p>'):
        page = Analyzer(content, "https://x.example/")
        assert page.strings("tag.p@text") in ([], ["a"], ["b"])
