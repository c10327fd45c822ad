"""How long-running service functions report progress to whoever runs them."""

from collections.abc import Callable

Report = Callable[[float, str], None]  # (fraction done in [0, 1], what is happening)
