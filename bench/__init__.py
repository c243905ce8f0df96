"""Benchmarks and torture runs for the kiosk, the server and sync (issue 8).

``python -m bench`` runs every benchmark with bounded loops and time limits, prints one table and
writes it to ``docs/benchmarks.md`` with the machine it ran on. Every timing is given with a
baseline measured in the same run and the ratio to it, because the machines are shared and noisy.
"""
