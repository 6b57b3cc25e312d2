import numpy as np
import pytest

from annotator.text import detector
from annotator.text.encoder import ModelFileError, check_sha256


def test_a_model_file_that_does_not_match_its_hash_is_refused(tmp_path):
    path = tmp_path / "detector_encoder.onnx"
    path.write_bytes(b"not the model")
    with pytest.raises(ModelFileError, match="sha256"):
        check_sha256(path, detector.manifest()["files"][detector.ENCODER_FILE])


def test_a_missing_model_file_says_so(tmp_path):
    with pytest.raises(ModelFileError, match="cannot read"):
        check_sha256(tmp_path / "gone.onnx", "0" * 64)


def test_the_encoder_loads_once_per_process():
    assert detector.encoder() is detector.encoder()


def test_embeddings_come_back_in_the_order_given():
    texts = ["A short one.", "The council spent $4 million on roads in 2023, the mayor said on Tuesday.", "Yes."]
    forward = detector.embed(texts)
    backward = detector.embed(texts[::-1])[::-1]
    assert forward.shape == (3, 384)
    assert np.allclose(forward, backward, atol=0.05)
    assert detector.embed([]).shape == (0, 384)


def test_a_text_repeated_in_one_call_runs_once_and_comes_back_at_each_place():
    texts = ["Yes.", "The council spent $4 million on roads in 2023.", "Yes.", "No."]
    runs = []
    encoder = detector.encoder()
    run = encoder._run
    encoder._run = lambda batch: runs.append(len(batch)) or run(batch)
    try:
        embedded = detector.embed(texts)
    finally:
        del encoder._run
    assert sum(runs) == 3
    assert np.array_equal(embedded[0], embedded[2])
    # Exactly what the texts without the repeat give (int8 activations are scaled per run, so
    # the same run is the only fair comparison).
    assert np.array_equal(embedded, detector.embed(["Yes.", texts[1], "No."])[[0, 1, 0, 2]])


def test_a_head_round_trips_through_json():
    head = detector.shipped_head()
    again = detector.Head.from_json(head.to_json())
    assert np.allclose(again.weights, head.weights) and abs(again.bias - head.bias) < 1e-6


@pytest.mark.parametrize("stored", [{}, {"weights": []}, {"weights": [1.0, float("nan")]}, {"weights": [[1.0]]}])
def test_a_malformed_head_is_refused(stored):
    with pytest.raises(ValueError):
        detector.Head.from_json(stored)
