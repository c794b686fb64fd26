"""MediaPipe Face Mesh with iris refinement: 478 landmarks per face, once per sampled frame.

``mediapipe==0.10.21`` is the last release whose wheel bundles the face-mesh and
iris models for the legacy ``solutions`` API, so this needs no downloaded file.
Tracking mode (``static_image_mode=False``) reuses the previous frame's face
region and runs the detector only while fewer faces are tracked than ``max_num_faces``.
With ``max_num_faces=2`` and one candidate in view that is every frame: the graph's
detector and its hand-offs took the mesh from 3.2 to 5.4 ms CPU (5.4 to 8.6 ms wall) a
frame on talk.webm. So in tracking mode the mesh follows one face (the candidate), and
MediaPipe's face detector (BlazeFace short range, the model the mesh itself uses) counts
the faces in view on a time grid of ``COUNT_EVERY_S``; the others are reported as
``FrameFaces.extra_faces`` until the next count.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.faces import Face, FrameFaces

MESH_POINTS = 478
COUNT_EVERY_S = 0.4  # under PRESENCE_MIN_INTERVAL_S (0.5 s): a second face in view that long is always counted
_SLACK_S = 0.01  # container clocks round (webm to 1 ms): a frame due at 0.200 s may read 0.199 s


# A NormalizedLandmark with x, y and z set serialises to 17 bytes: tag 0x0a, length 15, then three fixed32
# fields (tags 0x0d, 0x15, 0x1d). Reading the 478 of them from the bytes takes 0.01 ms against 0.22 ms for a
# Python loop over the protobuf objects; any other layout (a field left at 0.0 is omitted) takes the loop.
_RECORD = 17
_TAGS = {0: 0x0A, 1: 0x0F, 2: 0x0D, 7: 0x15, 12: 0x1D}
_XYZ = np.array([3, 8, 13])


def _points(found: Any) -> NDArray[np.float32]:
    """(478, 3) normalised x, y, z of one face's landmark list."""
    raw = np.frombuffer(found.SerializeToString(), dtype=np.uint8)
    if raw.size == MESH_POINTS * _RECORD:
        records = raw.reshape(MESH_POINTS, _RECORD)
        if all((records[:, column] == tag).all() for column, tag in _TAGS.items()):
            fields = records[:, _XYZ[:, None] + np.arange(4)].copy()  # (478, 3, 4) little-endian float32 bytes
            return fields.view("<f4").reshape(MESH_POINTS, 3).astype(np.float32)
    return np.array([(p.x, p.y, p.z) for p in found.landmark], dtype=np.float32)


class FaceLandmarker:
    """One tracker per video: tracking state must not leak from one video into the next."""

    def __init__(
        self,
        *,
        max_faces: int = 2,
        static_image_mode: bool = False,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        # Imported here: mediapipe pulls in TensorFlow Lite and OpenCV, which the API process never needs.
        from mediapipe.python.solutions import face_mesh

        counting = not static_image_mode and max_faces > 1
        self._max_faces = max_faces
        self._mesh: Any = face_mesh.FaceMesh(
            static_image_mode=static_image_mode,
            max_num_faces=1 if counting else max_faces,
            refine_landmarks=True,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._counter: Any = None
        self._beside: ThreadPoolExecutor | None = None
        if counting:
            from mediapipe.python.solutions import face_detection

            self._counter = face_detection.FaceDetection(
                model_selection=0, min_detection_confidence=min_detection_confidence
            )
            # The count runs beside the mesh on the same frame (both graphs release the GIL), so that it
            # does not lengthen the landmark pass, the analysis's critical path.
            self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ia-faces")
        self._others = 0
        self._next_count_t = 0.0

    def detect(self, image: NDArray[np.uint8], t: float = 0.0) -> FrameFaces:
        """Faces on an RGB frame, largest first (in tracking mode: the candidate, plus a count of the others)."""
        height, width = image.shape[:2]
        image = np.ascontiguousarray(image)
        counted: Future[Any] | None = None
        if self._beside is not None and t >= self._next_count_t - _SLACK_S:
            self._next_count_t = (math.floor((t + _SLACK_S) / COUNT_EVERY_S) + 1) * COUNT_EVERY_S
            counted = self._beside.submit(self._counter.process, image)
        output = self._mesh.process(image)
        faces: list[Face] = []
        scale = np.array([width, height, width], dtype=np.float32)
        for found in output.multi_face_landmarks or ():
            faces.append(Face(landmarks=_points(found) * scale))
        faces.sort(key=lambda face: face.area, reverse=True)
        if counted is not None:
            detections = counted.result().detections or ()
            self._others = min(self._max_faces, len(detections)) - 1
        extra = max(0, self._others) if faces else 0  # no candidate, no count: presence is the mesh's call
        return FrameFaces(t=t, width=width, height=height, faces=tuple(faces), extra_faces=extra)

    def close(self) -> None:
        self._mesh.close()
        if self._beside is not None:
            self._beside.shutdown()
        if self._counter is not None:
            self._counter.close()

    def __enter__(self) -> FaceLandmarker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
