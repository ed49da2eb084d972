"""A parser that never finishes, for the parse deadline's tests (run in the worker process)."""


def forever(body, **_):
    """Spin until killed."""
    while True:
        pass


def explode(body, **_):
    """Fail as a parser bug would."""
    raise IndexError("list index out of range")
