"""Report, at the end of the run, what the reliability suite put the app through.

The suite runs on xdist workers: each hands its tally to the controller when it finishes
(``workeroutput``), and the controller prints the sum. The hooks live in the top conftest,
since the controller collects nothing and so never loads this one.
"""
