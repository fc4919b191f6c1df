"""The Qt-free engine: sources, HTTP, downloader, store, text cleaning and exporters.

Nothing under this package may import Qt; the GUI wraps it, the CLI drives it directly.
"""
