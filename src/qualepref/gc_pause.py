"""Pausing Python's cycle collector while a large structure is built.

The cycle collector runs after every few hundred new container objects, and each full
run walks every object still alive. Reading a definitions file of 100,000 indicators
makes millions of containers that all stay alive, so the collector walks the growing
structure again and again for nothing: a third of the time. The objects built there
make no reference cycles worth collecting before the end, so the collector waits.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block without the cycle collector, then restore it as it was.

    Reference counting still frees every object as usual; only the search for
    cycles is postponed. A collector that the caller had switched off stays off;
    nested and concurrent uses leave it on at the end when it was on at the start of
    the outermost one that switched it off.

    Examples:
        >>> import gc
        >>> with gc_paused():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
