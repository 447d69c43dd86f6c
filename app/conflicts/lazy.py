"""`lazy`: functools.cached_property without its lock.

On Python 3.11 cached_property takes a lock on every first computation (removed in 3.12 as useless); a
bulk load fills hundreds of thousands of such values, and the lock cost more than the values. Records are
built and read by one thread; two threads racing on a first read would both compute the same value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class lazy(Generic[T]):  # noqa: N801  (a decorator, named like the one it replaces)
    """Computed on first read, then kept in the instance's __dict__ (which later reads find first)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, cls: type | None = None) -> lazy[T]: ...

    @overload
    def __get__(self, obj: object, cls: type | None = None) -> T: ...

    def __get__(self, obj: object | None, cls: type | None = None) -> T | lazy[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value
