"""MediaPipe Face Mesh with iris refinement: 478 landmarks per face, once per sampled frame.

``mediapipe==0.10.21`` is the last release whose wheel bundles the face-mesh and
iris models for the legacy ``solutions`` API, so this needs no downloaded file.
Tracking mode (``static_image_mode=False``) reuses the previous frame's face
region and runs the detector only when tracking is lost: about 4 ms a frame.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.faces import Face, FrameFaces

MESH_POINTS = 478


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

        self._mesh: Any = face_mesh.FaceMesh(
            static_image_mode=static_image_mode,
            max_num_faces=max_faces,
            refine_landmarks=True,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )

    def detect(self, image: NDArray[np.uint8], t: float = 0.0) -> FrameFaces:
        """Faces on an RGB frame, largest first."""
        height, width = image.shape[:2]
        output = self._mesh.process(np.ascontiguousarray(image))
        faces: list[Face] = []
        for found in output.multi_face_landmarks or ():
            points = np.array([(p.x, p.y, p.z) for p in found.landmark], dtype=np.float32)
            points *= np.array([width, height, width], dtype=np.float32)
            faces.append(Face(landmarks=points))
        faces.sort(key=lambda face: face.area, reverse=True)
        return FrameFaces(t=t, width=width, height=height, faces=tuple(faces))

    def close(self) -> None:
        self._mesh.close()

    def __enter__(self) -> FaceLandmarker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
