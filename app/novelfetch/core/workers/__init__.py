"""Worker processes for CPU work on hostile data (``pool``), and their side of it (``child``)."""
