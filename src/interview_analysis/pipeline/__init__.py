"""How a video is analysed: one streaming decode feeding every analyzer, the audio passes beside it,
and the CPU each stage took (``analyse.analyse_file``). The queue and the worker processes that run it
are in ``jobs``."""
