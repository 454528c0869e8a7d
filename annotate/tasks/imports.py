"""Import tasks (the import issue fills this in)."""

__all__: list[str] = []
