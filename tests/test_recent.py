"""recent.py: at most so many values by key, the least recently asked for going first, across threads."""

from __future__ import annotations

import threading

from packgen.recent import Recent


def test_the_least_recently_asked_for_goes_first() -> None:
    kept: Recent[str] = Recent(2)
    kept.put("a", "first")
    kept.put("b", "second")
    assert kept.get("a") == "first"  # now the most recent
    kept.put("c", "third")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("first", None, "third")
    kept.put("a", "again")  # a new value for a key kept: still two
    assert (kept.get("a"), kept.get("c")) == ("again", "third")


def test_threads_putting_and_getting_at_once_keep_it_bounded() -> None:
    kept: Recent[int] = Recent(50)

    def work(offset: int) -> None:
        for n in range(2000):
            kept.put((offset, n), n)
            kept.get((offset, n - 1))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(kept.get((t, n)) is not None for t in range(4) for n in range(2000)) == 50
