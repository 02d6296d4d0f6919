"""Settings for the long streams of imports and exports."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a stream of records.

    An import or export makes millions of short-lived objects without cycles, freed at once by
    reference counting; the cyclic collector would walk every live object again and again and
    find nothing to free (a fifth of an import's time). It runs again, as it was, afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
