"""proxywatch: watch a conflict through the news.

The Python API lives in :mod:`proxywatch.pipeline` (run the stages) and the stage subpackages;
nothing heavy is imported here so that ``import proxywatch`` stays cheap.
"""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "rules-0.1.0"
