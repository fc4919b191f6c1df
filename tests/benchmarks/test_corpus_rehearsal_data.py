"""The dry run's synthetic pages hold what a real site of the source's shape holds where its
scripts read it (the "data-dependent" classes): each case is a real source's idiom."""

from __future__ import annotations

from benchmarks import corpus

from .test_corpus_rehearsal import _source

DATA_DEPENDENT = "data-dependent: a script reads what the synthetic page lacks"


def test_a_rule_before_a_script_shapes_the_page_the_script_reads_from() -> None:
    # 笔趣阁ibiquge: ``text.下一@href @js: …result[0].includes("_")``: the page has the link
    # the rule before the script reads (the script is not part of the attribute's name).
    script = 'text.下一@href @js: if(result){ result=result[0].includes("_")?result:""; }'
    run = corpus.dry_run(_source(ruleContent={"nextContentUrl": script}))
    assert run.failures == []
