"""Imports every module that defines tables, so SQLModel.metadata is complete wherever the whole
schema matters (migrations, backups, tests). A capability with tables adds its line here."""

import governance.accounts.models
import governance.audit.models
import governance.calendar.models
import governance.elections.models
import governance.importing.models
import governance.records.models
import governance.tasks.models  # noqa: F401
