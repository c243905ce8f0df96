"""Moved to ``bench.server_process`` (tests use bench, bench never uses tests); kept for the
server tests' imports until they name ``bench.server_process`` themselves."""

from bench.server_process import MANAGE, REPO, ServerProcess, free_port, run_manage, start_server

__all__ = ["MANAGE", "REPO", "ServerProcess", "free_port", "run_manage", "start_server"]
