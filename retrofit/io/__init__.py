"""Input and output: YAML with line numbers, design loading and writing, atomic writes."""
