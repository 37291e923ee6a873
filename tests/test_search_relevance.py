"""Measured relevance: the judged queries (tests/judged_queries.toml) through wgkb search on the
bundled corpus. Fails when the mean nDCG@10 falls below MIN_NDCG."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.evaluation import K, answerable, evaluate, load_judged, mean, resolve

JUDGED = Path(__file__).with_name("judged_queries.toml")
#: Mean nDCG@10 over the blind judged set (120 queries written before any result was seen, pooled
#: from wgkb, FTS5 trigram and substring, graded blind): 0.741 when the set landed, 0.762 after the
#: ranking policy, sub-word and passing-mention changes of issue 10; the bar sits just below the
#: measured figure and follows it up as ranking improves.
#: Re-pooled after the ranking changes (505 new passages graded blind, 2,586 in all): the ideal
#: rankings grew with them and the same engine measures 0.748; the bar follows that figure.
MIN_NDCG = 0.73
#: No kind of query (keyword, question, english …) below this mean nDCG@10 (issue 10: 0.60).
MIN_KIND = 0.62


@pytest.fixture(scope="module")
def judged(corpus_kb):
    return resolve(load_judged(JUDGED), corpus_kb.store.iter_documents())


def test_judged_set_is_varied_and_refers_to_real_paragraphs(judged, corpus_kb):
    assert len(judged) >= 30 and len(load_judged(JUDGED)) == len(judged)
    kinds = " ".join(j.kind for j in judged).lower()
    for kind in ("keyword", "question", "alias", "english", "traditional", "citation"):
        assert kind in kinds, kind
    known = {d.paragraph_id(p.key) for d in corpus_kb.store.iter_documents() for p in d.paragraphs}
    missing = {pid for j in judged for pid in j.relevant if pid not in known}
    assert not missing, f"judged paragraphs not in the ingested corpus: {sorted(missing)[:5]}"


def test_mean_ndcg_at_10_holds(judged, engine_corpus_kb):
    kb = engine_corpus_kb
    scores = evaluate(lambda q, k, **filters: [h.paragraph_id for h in kb.search(q, limit=k, **filters).hits],
                      answerable(judged), K)
    worst = sorted(scores, key=lambda s: s.ndcg)[:5]
    report = ", ".join(f"{s.q!r} {s.ndcg:.2f}" for s in worst)
    assert mean(s.ndcg for s in scores) >= MIN_NDCG, f"mean nDCG@10 below {MIN_NDCG}; worst: {report}"
    assert mean(s.rr for s in scores) >= 0.8
    items = answerable(judged)
    for kind in {j.kind for j in items}:
        kind_mean = mean(s.ndcg for s, j in zip(scores, items, strict=True) if j.kind == kind)
        assert kind_mean >= MIN_KIND, f"{kind}: mean nDCG@10 {kind_mean:.3f} below {MIN_KIND}"


def test_metrics_on_known_rankings():
    from index.evaluation import ndcg, reciprocal_rank

    relevant = {"a": 3, "b": 1}
    assert ndcg(["a", "b"], relevant) == pytest.approx(1.0)
    assert ndcg(["b", "a"], relevant) < 1.0
    assert ndcg(["x", "y"], relevant) == 0.0
    assert reciprocal_rank(["x", "b", "a"], relevant) == pytest.approx(0.5)
