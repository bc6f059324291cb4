"""One exception tree for the whole package.

Adapters (CLI, HTTP) map these to exit codes and statuses; library code raises the most specific one.
Rejected *items* inside a batch are not raised: they become :class:`proxywatch.models.Rejection` records.
"""


class ProxywatchError(Exception):
    """Base of every error proxywatch raises on purpose."""


class ConfigError(ProxywatchError):
    """A setting, registry file or command-line option is invalid."""


class InputError(ProxywatchError):
    """An input (file, record, URL) cannot be read or does not follow the input contract."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class SourceError(InputError):
    """A remote source (feed, web page) failed: network error, bad status, wrong content type, too big."""


class ExtractionError(ProxywatchError):
    """The extractor could not process an article (model missing, internal failure)."""


class StoreError(ProxywatchError):
    """The database cannot be opened, migrated, read or written."""


class RegistryError(ConfigError):
    """A data registry (actors, gazetteer) is inconsistent: dangling relation, duplicate alias, ..."""
