"""Export tasks (the export issue fills this in)."""

__all__: list[str] = []
