"""JavaScript in rule files, sandboxed: QuickJS with hard limits, and Legado's ``java`` object.

``sandbox.run_script`` runs one script; ``host.JsHost`` answers its requests; ``surface``
says statically which names a source's scripts use that NovelFetch does not provide.
"""
