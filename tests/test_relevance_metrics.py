"""The metric functions of benchmarks/relevance.py on a hand-made example."""

import importlib.util
import math
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "relevance.py"
_SPEC = importlib.util.spec_from_file_location("relevance_benchmark", _PATH)
relevance = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(relevance)

JUDGED = {"a": 3.0, "b": 1.0, "c": 2.0}  # three relevant documents, graded
RANKED = ["x", "a", "b", "y"]  # a at rank 2, b at rank 3


def test_ndcg_linear_gain():
    dcg = 3 / math.log2(3) + 1 / math.log2(4)
    ideal = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)
    assert relevance.ndcg_at(RANKED, JUDGED) == pytest.approx(dcg / ideal)
    assert relevance.ndcg_at(["a", "c", "b"], JUDGED) == pytest.approx(1.0)
    assert relevance.ndcg_at([], JUDGED) == 0.0


def test_precision_map_recall():
    assert relevance.precision_at(RANKED, JUDGED) == pytest.approx(2 / 10)
    assert relevance.average_precision(RANKED, JUDGED) == pytest.approx((1 / 2 + 2 / 3) / 3)
    assert relevance.recall_at(RANKED, JUDGED) == pytest.approx(2 / 3)
    assert relevance.recall_at(RANKED, JUDGED, depth=2) == pytest.approx(1 / 3)


def test_score_run_counts_missing_queries_as_zero():
    qrels = {"1": JUDGED, "2": {"z": 1.0}}
    figures = relevance.score_run({"1": ["a", "c", "b"]}, qrels)
    assert figures["ndcg@10"] == pytest.approx(0.5)
    assert figures["zero_hits"] == 1


def test_or_query_drops_punctuation_and_operators():
    assert relevance.or_query("what is OR the flow ?") == "what OR is OR the OR flow"
