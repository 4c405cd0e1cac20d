"""The phrase matcher's packed-key sort gives exactly np.lexsort's order."""

import numpy as np
import pytest

from qa_desk.scoring.matcher import _by_set_start_longest


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("start_limit", [600_000, 2**61])  # the second forces the lexsort path
def test_packed_sort_is_the_lexsort_order(seed, start_limit):
    rng = np.random.default_rng(seed)
    rows = 5000
    # Distinct (set, start, length, entry) rows, as the matcher's are.
    set_id = rng.integers(0, 20, rows)
    start = rng.integers(0, min(start_limit, 2**62), rows, dtype=np.int64)
    start[: rows // 2] = rng.integers(0, 50, rows // 2)  # many rows share a start
    length = rng.integers(1, 12, rows)
    entry = np.arange(rows, dtype=np.int64)[rng.permutation(rows)]
    expected = np.lexsort((entry, -length, start, set_id))
    assert np.array_equal(_by_set_start_longest(set_id, start, length, entry), expected)


def test_no_rows_sort_to_nothing():
    empty = np.zeros(0, dtype=np.int64)
    assert _by_set_start_longest(empty, empty, empty, empty).size == 0
