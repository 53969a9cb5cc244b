"""YAML read with libyaml's C loader where PyYAML was built with it (about ten times faster than
the pure-Python loader on the fixtures), the pure-Python safe loader elsewhere."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """What `yaml.safe_load(text)` gives (the same safe subset of YAML)."""
    return yaml.load(text, Loader=SafeLoader)
