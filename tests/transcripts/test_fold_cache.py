"""The folding tables' cache: mapped when sound, rebuilt when not, never trusted blindly."""

import numpy as np

from qa_desk.transcripts import normalize


def test_a_damaged_cache_is_rebuilt_and_replaced(tmp_path, monkeypatch):
    cache = tmp_path / "fold-tables.bin"
    cache.write_bytes(b"not the tables")
    monkeypatch.setattr(normalize, "_cache_file", lambda: cache)
    exact, sound = normalize.lookup_tables.__wrapped__()
    known_exact, known_sound = normalize.lookup_tables()
    assert np.array_equal(exact, known_exact) and np.array_equal(sound, known_sound)
    # The rebuilt tables were written back, and the next start maps them read-only.
    mapped_exact, mapped_sound = normalize.lookup_tables.__wrapped__()
    assert not mapped_exact.flags.writeable
    assert np.array_equal(mapped_exact, exact) and np.array_equal(mapped_sound, sound)


def test_a_cache_of_the_wrong_shape_is_not_used(tmp_path, monkeypatch):
    cache = tmp_path / "fold-tables.bin"
    np.zeros((2, 10), dtype=np.uint32).tofile(cache)
    monkeypatch.setattr(normalize, "_cache_file", lambda: cache)
    exact, _ = normalize.lookup_tables.__wrapped__()
    assert exact.shape == (0x110000,) and exact[ord("們")] == ord("们")


def test_the_cache_name_follows_the_installed_converters():
    name = normalize._cache_file().name
    assert name.startswith(f"fold-tables-{normalize._TABLES_FORMAT}-") and name.endswith(".bin")
