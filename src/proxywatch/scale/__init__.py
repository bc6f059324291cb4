"""Scale-out: the pipeline's stage functions on a Dask cluster, and bulk importers of event datasets.

Nothing here is imported by the rest of the package; ``dask`` is an optional extra (``pip install
'proxywatch[dask]'``) and is imported only when a Dask run starts.
"""
