"""LLM_BACKEND=local: llama.cpp (xllamacpp) serving the user's GGUF file inside the API process.

The server listens on loopback only, on a port the OS picks, behind a random API key (its CORS lets any
origin in, so a web page in the user's browser must not be able to use it). The feedback writer reaches
it through the same OpenAI client as any other server, so there is one code path for LLM feedback.
xllamacpp is imported on start only: the other backends never need it.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
import urllib.request
from enum import StrEnum
from http import HTTPStatus
from pathlib import Path
from typing import Any

import structlog
from pydantic import SecretStr

from interview_analysis.config import LLMBackend, LLMSettings

log = structlog.get_logger(__name__)

_POLL_S = 0.1
_LLAMA_WARNINGS = 2  # llama.cpp log verbosity: errors and warnings, not its per-request info lines


class LocalServerStatus(StrEnum):
    STARTING = "starting"
    OK = "ok"
    FAILED = "failed"


class LocalLLMError(RuntimeError):
    """The local model could not be served; the reason is also kept for /health."""


class LocalLLMServer:
    def __init__(self, settings: LLMSettings) -> None:
        if settings.llm_model_path is None:
            raise ValueError("LLM_BACKEND=local needs LLM_MODEL_PATH, the path of a .gguf model file")
        self._settings = settings
        self.path: Path = settings.llm_model_path
        self.model_name = self.path.name  # the alias it serves under, and what feedback records as their model
        self._api_key = secrets.token_urlsafe(24)
        self._server: Any = None
        self._address: str | None = None
        self._lock = threading.Lock()
        self._abandoned = False  # a start that outlived its timeout: the late server is dropped on arrival
        self.status = LocalServerStatus.STARTING
        self.reason: str | None = None
        self.ready_s: float | None = None

    @property
    def base_url(self) -> str:
        if self._address is None:
            raise LocalLLMError("the local LLM server has not started")
        return f"{self._address}/v1"

    @property
    def port(self) -> int | None:
        return None if self._address is None else int(self._address.rsplit(":", 1)[1])

    def writer_settings(self) -> LLMSettings:
        """The settings an ``LLMWriter`` needs to talk to this server (as ``openai``, with its key)."""
        return self._settings.model_copy(
            update={
                "llm_backend": LLMBackend.OPENAI,
                "openai_base_url": self.base_url,
                "openai_model": self.model_name,
                "openai_api_key": SecretStr(self._api_key),
            }
        )

    def start(self) -> None:
        """Load the model and wait until ``/v1/models`` answers; blocks (call it off the event loop).

        Loading runs on a thread of its own so that LLM_START_TIMEOUT_S bounds the wait even when llama.cpp
        takes longer (a large model on a slow disk). Raises ``LocalLLMError`` with the reason on failure.
        """
        started = time.perf_counter()
        deadline = time.monotonic() + self._settings.llm_start_timeout_s
        failure: list[BaseException] = []
        loader = threading.Thread(target=self._load, args=(failure,), name="local-llm-load", daemon=True)
        loader.start()
        loader.join(self._settings.llm_start_timeout_s)
        try:
            if loader.is_alive():
                raise LocalLLMError(f"loading took over LLM_START_TIMEOUT_S={self._settings.llm_start_timeout_s:g} s")
            if failure:
                raise LocalLLMError(f"llama.cpp could not load {self.path.name}: {failure[0]}") from failure[0]
            self._wait_answering(deadline)
        except LocalLLMError as exc:
            self._fail(str(exc))
            raise
        self.ready_s = round(time.perf_counter() - started, 2)
        self.status = LocalServerStatus.OK
        log.info("local_llm.ready", model=self.model_name, port=self.port, ready_s=self.ready_s, **self._sizes())

    def stop(self) -> None:
        """Stop serving: llama.cpp's server shuts down when its last reference goes."""
        with self._lock:
            self._abandoned = True
            server, self._server = self._server, None
        del server

    def state(self) -> dict[str, Any]:
        """For /health: status, model file, port, seconds to ready, threads, context, the process's RSS."""
        state: dict[str, Any] = {
            "status": self.status.value,
            "model": self.path.name,
            "port": self.port,
            "ready_s": self.ready_s,
            **self._sizes(),
        }
        if self.reason is not None:
            state["reason"] = self.reason
        rss = _process_rss_mb()
        if rss is not None:
            state["process_rss_mb"] = rss
        return state

    def _load(self, failure: list[BaseException]) -> None:
        try:
            import xllamacpp  # type: ignore[import-untyped]  # only the local backend needs it

            params = xllamacpp.CommonParams()
            params.model.path = str(self.path)
            params.model_alias = {self.model_name}
            params.n_ctx = self._settings.llm_context
            params.n_predict = self._settings.llm_max_tokens  # the default and the cap of every request
            params.cpuparams.n_threads = self._settings.llm_threads
            params.cpuparams_batch.n_threads = self._settings.llm_threads
            params.hostnames = ["127.0.0.1"]  # loopback only, whatever SERVICE_HOST is
            params.port = 0  # the OS picks a free one: no race with another process
            params.api_keys = [self._api_key]
            params.ui = False
            params.endpoint_slots = False
            params.verbosity = _LLAMA_WARNINGS
            server = xllamacpp.Server(params)  # returns once the model is loaded and the port is bound
        except Exception as exc:  # ImportError, or llama.cpp's RuntimeError for a model it cannot load
            failure.append(exc)
            return
        with self._lock:
            if self._abandoned:
                return  # the start timed out meanwhile; dropping the last reference stops it
            self._server = server
            self._address = str(server.listening_address)

    def _wait_answering(self, deadline: float) -> None:
        """Poll ``/v1/models`` with the standard library: the API image needs no HTTP client for this."""
        url = f"{self.base_url}/models"
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self._api_key}"})
        while True:
            try:
                with urllib.request.urlopen(request, timeout=2.0) as response:
                    if response.status == HTTPStatus.OK:
                        return
            except OSError:  # refused while it starts, or an HTTP error status
                pass
            if time.monotonic() > deadline:
                raise LocalLLMError(f"{url} did not answer within LLM_START_TIMEOUT_S")
            time.sleep(_POLL_S)

    def _fail(self, reason: str) -> None:
        self.stop()
        self.status = LocalServerStatus.FAILED
        self.reason = reason
        log.error("local_llm.failed", model=self.model_name, reason=reason)

    def _sizes(self) -> dict[str, int]:
        return {"threads": self._settings.llm_threads, "context": self._settings.llm_context}


def _process_rss_mb() -> int | None:
    """Resident memory of this process (Linux), which holds the model; None where /proc is absent."""
    try:
        fields = Path("/proc/self/statm").read_text().split()
    except OSError:
        return None
    return round(int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
