"""Analysis package of the jeugdhulp evaluation repository.

Raw data (``data_raw/``) are validated against one schema per dataset
(``analysis/schemas/*.yaml``) and written as tidy tables to ``data_processed/``;
domain subpackages turn those into tables and figures that notebooks show and
report pages embed.  Importing this package is cheap on purpose: the no-change
build must finish well under two seconds, so heavy libraries are imported where
they are used.
"""

__version__ = "0.1.0"
