"""Running a phase: a fixed list of operations shared by C client threads, each on its own
keep-alive connection; latency per request, throughput over the whole phase."""

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .client import Client

Operation = Callable[[Client], None]
KEPT_ERRORS = 5


@dataclass
class PhaseResult:
    """What one phase measured."""

    phase: str
    door: str
    clients: int
    operations: int
    requests: int
    seconds: float
    errors: int
    error_messages: list[str] = field(default_factory=list)
    samples_ns: list[int] = field(default_factory=list, repr=False)

    @property
    def per_second(self) -> float:
        """Requests answered per second over the phase."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        """The nearest-rank percentile of the request latencies, in milliseconds."""
        if not self.samples_ns:
            return 0.0
        ordered = sorted(self.samples_ns)
        rank = max(1, math.ceil(fraction * len(ordered)))
        return ordered[rank - 1] / 1e6

    def summary(self) -> dict:
        """The phase as a JSON-ready dict."""
        return {
            "phase": self.phase,
            "door": self.door,
            "clients": self.clients,
            "operations": self.operations,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.percentile_ms(0.50), 2),
            "p95_ms": round(self.percentile_ms(0.95), 2),
            "p99_ms": round(self.percentile_ms(0.99), 2),
            "errors": self.errors,
            "error_messages": self.error_messages,
        }


def run_phase(
    phase: str,
    door: str,
    port: int,
    operations: Sequence[Operation],
    clients: int,
    token: str | None = None,
) -> PhaseResult:
    """Run every operation once, ``clients`` at a time, and measure the answers.

    :param token: the API token every client sends, when the registry has accounts.
    """
    pending = iter(operations)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    result = PhaseResult(phase, door, clients, len(operations), 0, 0.0, 0)
    per_thread: list[list[int]] = [[] for _ in range(clients)]

    def work(samples: list[int]) -> None:
        client = Client(port, samples, token)
        start.wait()
        while True:
            with lock:
                operation = next(pending, None)
            if operation is None:
                break
            try:
                operation(client)
            except Exception as error:  # every failure is counted, and the first few shown
                client.close()
                with lock:
                    result.errors += 1
                    if len(result.error_messages) < KEPT_ERRORS:
                        result.error_messages.append(f"{type(error).__name__}: {error}")
        client.close()

    threads = [threading.Thread(target=work, args=(samples,)) for samples in per_thread]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    result.samples_ns = [sample for samples in per_thread for sample in samples]
    result.requests = len(result.samples_ns)
    return result
