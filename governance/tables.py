"""Imports every module that defines tables, so SQLModel.metadata is complete wherever the whole
schema matters (migrations, backups, tests). A capability with tables adds its line here."""

import governance.models  # noqa: F401
