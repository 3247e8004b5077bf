"""The seed texts in tests/fixtures/seeds are exact copies of ../shared/seeds, when that is beside the repo."""

from __future__ import annotations

import pytest
from conftest import REPO, SEEDS

SHARED = REPO.parent / "shared" / "seeds"


@pytest.mark.skipif(
    not SHARED.is_dir(),
    reason=f"{SHARED} is absent (a clone with nothing beside it): nothing to compare the copies with",
)
def test_fixture_seeds_are_identical_copies_of_the_shared_ones() -> None:
    originals = sorted(p.name for p in SHARED.glob("*.txt"))
    copies = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert originals, f"no seed texts in {SHARED}"
    assert copies == originals
    for name in originals:
        assert (SEEDS / name).read_bytes() == (SHARED / name).read_bytes(), (
            f"tests/fixtures/seeds/{name} differs from {SHARED / name}"
        )
