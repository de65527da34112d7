"""The ONNX backend: an export made offline that gives the torch model's vectors, an index
that refuses another backend, a cache that never mixes backends, and an answering
process that never imports torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import onnx_export
from index.embedder import Embedder
from index.search import ModelMismatch, Searcher

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter from the checkout, with `env` over this environment."""
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


TEXTS = [
    "Samverkansnämnden består av politiker från regionerna i sjukvårdsregionen.",
    "Regionalt cancercentrum leder arbetet med cancervården.",
    "kort",
    "Vem är ordförande i styrgruppen för kunskapsstyrning? " * 30,  # longer than 256 tokens: truncated
]


@pytest.mark.slow
def test_export_made_offline_loads_and_gives_the_torch_vectors(config, tmp_path: Path) -> None:
    """A fresh export into an empty directory, with the hub switched off, then loaded by
    ONNX Runtime: same vectors as sentence-transformers, manifest hash of the file itself."""
    code = (
        "import sys; from pathlib import Path; from index import onnx_export; "
        "e = onnx_export.ensure_export(Path(sys.argv[1]), 'fp32', [Path(sys.argv[2])]); print(e.onnx)"
    )
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    out = _python(code, [str(config.model_path), str(tmp_path / "onnx")], env)
    assert out.returncode == 0, out.stderr[-2000:]
    exported = Path(out.stdout.strip().splitlines()[-1])
    assert exported.parent == tmp_path / "onnx" and exported.exists()
    manifest = json.loads((tmp_path / "onnx" / "model-fp32.json").read_text(encoding="utf-8"))
    assert manifest["onnx_sha256"] == onnx_export.file_sha256(exported)
    assert manifest["max_length"] == 256

    onnx = Embedder(config.model, config.model_path, export_dirs=[tmp_path / "onnx"]).encode(TEXTS)
    torch_vectors = Embedder(config.model, config.model_path, backend="torch").encode(TEXTS)
    assert onnx.shape == torch_vectors.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    assert float(np.min(np.sum(onnx * torch_vectors, axis=1))) > 0.9999


def test_changed_model_files_are_not_served_by_an_old_export(config, tmp_path: Path) -> None:
    """find_export trusts a manifest only for the model files it was made from."""
    model = tmp_path / "model"
    model.mkdir()
    for name in ("config.json", "modules.json", "sentence_bert_config.json"):
        (model / name).write_bytes((config.model_path / name).read_bytes())
    directory = tmp_path / "onnx"
    directory.mkdir()
    (directory / "model-fp32.onnx").write_bytes(b"stand-in")
    manifest = {
        "export_version": onnx_export.EXPORT_VERSION,
        "source_stat": onnx_export._source_stat(model),
        "source_sha256": onnx_export._source_sha256(model),
        "max_length": 256,
    }
    (directory / "model-fp32.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert onnx_export.find_export(model, "fp32", [directory]) is not None
    (model / "config.json").write_text('{"changed": true}', encoding="utf-8")
    assert onnx_export.find_export(model, "fp32", [directory]) is None


def test_index_of_another_backend_or_precision_is_refused(config, built_index) -> None:
    assert Searcher(config).embedder.identity == config.model_identity == f"{config.model}/onnx-int8"
    for other in (replace(config, embedding_backend="torch"), replace(config, model=str(config.model_path))):
        with pytest.raises(ModelMismatch) as err:
            Searcher(other).search("budget")
        assert config.model_identity in str(err.value) and other.model_identity in str(err.value)


def test_index_of_the_other_precision_still_answers(config, built_index) -> None:
    """An index with fp32 passages (before int8 became the default) is searched by the same
    export's questions until the next ingest re-embeds it; its vectors are not mixed."""
    fp32 = replace(config, embedding_precision="fp32")
    searcher = Searcher(fp32)
    assert searcher.embedder.identity != searcher.generation.meta["model"]
    assert searcher.search("Vem leder samverkansnämnden?", 5)


def test_cache_never_mixes_backends(config, tmp_path: Path) -> None:
    """Two precisions share one cache file: each embeds the texts itself and finds only
    its own vectors there afterwards."""
    cache = tmp_path / "embeddings.db"
    fp32 = Embedder(config.model, config.model_path, cache)
    first = fp32.embed_cached(TEXTS)
    assert fp32.embedded == len(TEXTS)
    int8 = Embedder(config.model, config.model_path, cache, precision="int8")
    quantised = int8.embed_cached(TEXTS)
    assert int8.embedded == len(TEXTS)  # nothing taken from the fp32 rows
    assert not np.allclose(first, quantised, atol=1e-4)
    again = Embedder(config.model, config.model_path, cache, precision="int8")
    assert np.array_equal(again.embed_cached(TEXTS), quantised) and again.embedded == 0
    again_fp32 = Embedder(config.model, config.model_path, cache)
    assert np.array_equal(again_fp32.embed_cached(TEXTS), first) and again_fp32.embedded == 0


_ANSWER = """
import sys
import settings
from answer.answerer import Answerer
answer = Answerer(settings.load()).ask(sys.argv[1])
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print("ANSWER", bool(answer.answer), "ONNX", "onnxruntime" in sys.modules, "HEAVY", ",".join(heavy) or "none")
"""


def test_answering_process_does_not_import_torch(config, built_index) -> None:
    env = {
        "SAMVERKAN_DATA_DIR": str(config.data_dir),
        "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
        "SAMVERKAN_MODEL": config.model,
    }
    out = _python(_ANSWER, ["Vem är ordförande i samverkansnämnden?"], env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "ANSWER True ONNX True HEAVY none" in out.stdout, out.stdout


def test_int8_questions_and_passages_by_default(config, built_index) -> None:
    """The default passages and questions are the int8 export of the same model and
    backend (it keeps every answer figure, README "Prestanda"); the index records it, and
    fp32 questions over the same passages rank the same first passage."""
    searcher = Searcher(config)
    assert config.query_precision == config.embedding_precision == "int8"
    assert searcher.embedder.identity == f"{config.model}/onnx-int8"
    assert searcher.embedder.query_identity == config.query_identity == f"{config.model}/onnx-int8"
    assert searcher.generation.meta["model"] == searcher.embedder.identity
    ranked = searcher.rank_vector("Vem leder samverkansnämnden?", 5)
    assert len(ranked) == 5 and ranked[0][1] > 0.3
    fp32_questions = Searcher(replace(config, query_precision="fp32"))
    assert [pid for pid, _ in fp32_questions.rank_vector("Vem leder samverkansnämnden?", 5)][:1] == [ranked[0][0]]


def test_question_cache_never_mixes_encoders(config) -> None:
    """One question through the fp32 and the int8 encoder: each gets its own vector,
    equal to an uncached encoding; a repeat (even with other spacing) comes from the cache."""
    from index.embedder import clear_query_cache

    clear_query_cache()
    question = "Vem är ordförande i samverkansnämnden?"
    fp32 = Embedder(config.model, config.model_path, query_precision="fp32")
    int8 = Embedder(config.model, config.model_path, query_precision="int8")
    first_fp32, first_int8 = fp32.query(question), int8.query(question)
    assert not np.allclose(first_fp32, first_int8, atol=1e-4)
    assert np.array_equal(first_fp32, fp32.query(question, cached=False))
    assert np.array_equal(first_int8, int8.query(question, cached=False))
    assert int8.query("  Vem är ordförande   i samverkansnämnden? ") is first_int8  # same tokens: the cached array
    assert fp32.query(question) is first_fp32 and int8.query(question) is first_int8
    torch_identity = Embedder(config.model, config.model_path, backend="torch", query_precision="int8")
    assert torch_identity.query_identity == f"{config.model}/torch-fp32"  # torch has no int8 questions


def test_ingest_embeds_at_lower_priority(config, tmp_path: Path, monkeypatch) -> None:
    """Ingest's embedding thread runs at the configured higher niceness; the caller does not.
    A fresh thread: the shared one took its niceness from whichever thread made it first."""
    import settings as settings_module
    from index import embedder as embedder_module

    monkeypatch.setattr(embedder_module, "_ingest_pool", None)
    embedder = Embedder(config.model, config.model_path, tmp_path / "cache.db")
    embedder.embed_cached(TEXTS[:1])
    caller = os.nice(0)
    ingest = embedder_module._ingest_thread().submit(os.nice, 0).result()
    embedder_module._ingest_thread().shutdown()
    assert os.nice(0) == caller
    base = int(os.environ.get(settings_module.BASE_NICE_ENV, caller))  # before any ingest lowered it
    expected = min(base + settings_module.threads().ingest_nice, 19)
    assert ingest == max(expected, caller)


def test_lowering_priority_twice_does_not_add_up() -> None:
    """The CLI, the embedding thread and the parse worker each lower their priority: one
    target above the starting niceness, not one step each."""
    import concurrent.futures

    import settings as settings_module

    def twice() -> int:
        settings_module.lower_priority(3)
        first = os.nice(0)
        settings_module.lower_priority(3)
        return os.nice(0) - first

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(twice).result() == 0
