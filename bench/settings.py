"""What a run does, from the environment: N models, C clients, how many operations."""

import os
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass(frozen=True)
class Settings:
    """The knobs of a run (environment variables in brackets)."""

    models: int  # [N] seeded models, 3 versions each
    clients: int  # [C] concurrent clients of the throughput runs (each phase also runs with 1)
    operations: int  # [OPS] operations of a read phase; other phases derive theirs from it
    workers: int  # [BENCH_WORKERS] gunicorn workers
    admin_url: str  # [BENCH_DATABASE_URL] PostgreSQL server to make a fresh database on
    output: Path  # [BENCH_OUTPUT] where the JSON results go

    @property
    def writes(self) -> int:
        """Operations of a write phase."""
        return max(1, self.operations // 2)

    @property
    def pages(self) -> int:
        """Requests of a list-page phase."""
        return max(1, self.operations // 4)

    @property
    def searches(self) -> int:
        """Searches (each paged to its end) of a search phase."""
        return max(1, self.operations // 20)


def from_environment() -> Settings:
    """Read the settings; the defaults make a run of about two minutes on 2 cores."""
    return Settings(
        models=int(os.environ.get("N", "2000")),
        clients=int(os.environ.get("C", "8")),
        operations=int(os.environ.get("OPS", "1000")),
        workers=int(os.environ.get("BENCH_WORKERS", "2")),
        admin_url=os.environ.get("BENCH_DATABASE_URL", ""),
        output=Path(os.environ.get("BENCH_OUTPUT", RESULTS)),
    )
