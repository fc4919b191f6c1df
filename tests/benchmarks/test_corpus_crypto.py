"""The dry run serves what a script decrypts or decodes as its site does: encrypted under the
script's own key (``benchmarks.corpus_crypto``); the host still decrypts strictly."""

from __future__ import annotations

import pytest

from benchmarks import corpus, corpus_crypto, corpus_report
from novelfetch.core.sources.rules.js import codecs, host

from .test_corpus_rehearsal import _source

DECRYPTS = "data-dependent: decrypts or decodes what only the real site has"
AES_CBC = 'java.aesBase64DecodeToString(result,"Pxga!h*e4@T8xfOm","AES/CBC/PKCS5Padding","1234567890123456")'  # noqa: E501


def test_a_value_the_script_decrypts_is_served_encrypted_under_its_key() -> None:
    # 值得阅读 & co.: ``name@js:java.aesBase64DecodeToString(result, key, "AES/CBC/…", iv)``
    toc = {"chapterList": "$.data.list[*]", "chapterName": "name@js:" + AES_CBC,
           "chapterUrl": "$.id"}  # fmt: skip
    assert corpus._dry_run_once(_source(ruleToc=toc), corpus_crypto.Rewrite()).failures
    run = corpus.dry_run(_source(ruleToc=toc))
    assert run.failures == []


def test_json_the_script_decrypts_then_reads_is_served_encrypted() -> None:
    # 云梦相思 & co.: the list is ``JSON.parse(aes(JSON.parse(result).data)).list``: what
    # the key decrypts is the JSON the source's rules read.
    script = (
        '<js>java.aesBase64DecodeToString(JSON.parse(result).data,"NOVELS2019031200",'
        '"AES/ECB/PKCS5Padding","")</js>$.list[*]'
    )
    source = _source(ruleSearch={"bookList": script, "name": "$.title", "bookUrl": "$.id"})
    assert corpus._dry_run_once(source, corpus_crypto.Rewrite()).failures
    assert corpus.dry_run(source).failures == []


def test_a_page_the_script_hex_decodes_is_served_as_hex() -> None:
    source = _source(ruleContent={"content": "<js>java.hexDecodeToString(result)</js>"})
    assert corpus._dry_run_once(source, corpus_crypto.Rewrite()).failures
    assert corpus.dry_run(source).failures == []


def test_the_host_still_refuses_text_that_is_not_ciphertext() -> None:
    # Nothing in the rehearsal makes the shim lenient: plain text does not decrypt.
    with corpus_crypto.watched() as failed, pytest.raises(ValueError):
        host._PURE["crypto"]("decryptStr", "AES/ECB/PKCS5Padding", "k" * 16, None, "plain")
    (decoding,) = failed
    served = decoding.encode("plain")
    assert codecs.decrypt_str("AES/ECB/PKCS5Padding", b"k" * 16, None, served) == "plain"
    assert host._PURE["crypto"] is not None and "watched" not in repr(host._PURE["crypto"])


def test_a_failure_after_a_decoder_is_not_classed_as_the_decoder_failing() -> None:
    # The rule's text (quoted in the message) names the decoder; the error past it is
    # what the synthetic page lacks, not a decoding failure.
    message = (
        "Rule '<js> let cid = java.hexDecodeToString(result); …': the script failed:"
        " TypeError: cannot read property 'key' of null"
    )
    assert corpus_report.classify(message) != DECRYPTS
    assert corpus_report.classify("failed: Error: hexDecodeToString: Non-hexadecimal") == DECRYPTS


def test_the_rewrite_changes_nothing_without_a_failed_decryption() -> None:
    page = "<html><body>示例</body></html>"
    assert corpus_crypto.Rewrite()(page) == page
