"""Stemming from many threads at once: the bot answers questions in worker threads.

A shared snowball stemmer keeps its cursor in the object, so two threads stemming at once
corrupt each other (IndexError, or a wrong stem). Thread switches are forced to be frequent.
"""

from __future__ import annotations

import sys
import threading

import snowballstemmer

from ingest import normalize


def test_concurrent_stemming_gives_the_same_stems_as_one_thread() -> None:
    words = [f"samverkansnämnderna{i}" for i in range(3000)] + [f"regionerna{i}x" for i in range(3000)]
    reference = snowballstemmer.stemmer("swedish")
    expected = {w: reference.stemWord(w) for w in words}
    normalize.stem.cache_clear()  # every call below reaches the stemmer
    errors: list[BaseException] = []
    wrong: list[str] = []

    def work(part: list[str]) -> None:
        try:
            for word in part:
                if normalize.stem(word) != expected[word]:
                    wrong.append(word)
        except BaseException as err:  # noqa: BLE001 - the failure under test is any exception
            errors.append(err)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(words[i::6],)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
        normalize.stem.cache_clear()
    assert not errors, errors[:3]
    assert not wrong, wrong[:5]
