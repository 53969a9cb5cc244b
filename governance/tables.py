"""Imports every module that defines tables, so SQLModel.metadata is complete wherever the whole
schema matters (migrations, backups, tests): the tables each capability declares."""

from governance.capabilities import CAPABILITIES

TABLE_MODULES = [module for capability in CAPABILITIES for module in capability.tables]
