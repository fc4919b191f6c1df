"""The offline sample: generated books served as Baidu's API and as an HTML novel site.

A demo and test server, not part of the core: nothing here imports the rest of NovelFetch. The
built-in ``sample`` source and ``novelfetch serve-sample`` run it.
"""
