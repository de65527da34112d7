"""Synthetic corpora grown from the sample corpus: stems from its unigram distribution,
vectors from a Gaussian fitted to its embeddings; generated once and cached."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from settings import Settings
from tools.bench.common import (
    CHUNK,
    COMPOUND_RATE,
    GENERATOR_VERSION,
    VECTOR_NOISE,
    VECTOR_QUERIES,
)
from tools.bench.sample import _current_db


# -- synthetic corpora -----------------------------------------------------------------------------
@dataclass
class Seed:
    """What the synthetic corpora are grown from: real passage stems and passage vectors,
    the dev questions and the query vectors (dev question embeddings first)."""

    passage_stems: list[str]
    vectors: np.ndarray
    questions: list[str]
    query_vectors: np.ndarray

    def fingerprint(self, vector_model: str = "fitted") -> str:
        digest = hashlib.sha256(f"{GENERATOR_VERSION}\0{vector_model}\0".encode())
        digest.update("\n".join(self.passage_stems).encode())
        digest.update(np.round(self.vectors, 3).astype("float32").tobytes())  # immune to last-bit jitter
        return digest.hexdigest()[:12]

    def save(self, path: Path) -> Path:
        np.savez(
            path,
            passage_stems=np.array(self.passage_stems, dtype=str),
            vectors=self.vectors,
            questions=np.array(self.questions, dtype=str),
            query_vectors=self.query_vectors,
        )
        return path

    @classmethod
    def load(cls, path: Path) -> Seed:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                data["passage_stems"].tolist(),
                data["vectors"].astype("float32"),
                data["questions"].tolist(),
                data["query_vectors"].astype("float32"),
            )


def seed_from_index(config: Settings, embedder, questions: list[str]) -> Seed:
    """A Seed from the index in `config.data_dir` (its passages and FAISS vectors)."""
    import faiss

    from index.store import VECTORS_NAME, Store

    stems = [r["stems"] for r in _current_db(config).query("select stems from passages order by id")]
    stored = faiss.read_index(str(Store(config.data_dir).current() / VECTORS_NAME))
    flat = faiss.downcast_index(stored.index)
    vectors = flat.reconstruct_n(0, flat.ntotal)
    dev = embedder.encode(questions)
    extra = vector_sampler(vectors, np.random.default_rng(7))(max(0, VECTOR_QUERIES - len(dev)))
    return Seed(stems, vectors, questions, np.vstack([dev, extra]).astype("float32"))


def text_sampler(passage_stems: list[str], rng: np.random.Generator, compound_rate: float = COMPOUND_RATE):
    """Passages of stems drawn from the real unigram distribution and length distribution;
    a few tokens are compounds of two, so the vocabulary keeps growing with size as a real
    corpus's does."""
    counts = Counter(t for p in passage_stems for t in p.split())
    vocab = np.array(list(counts), dtype=object)
    probs = np.fromiter(counts.values(), dtype=float)
    probs /= probs.sum()
    lengths = np.array([n for n in (len(p.split()) for p in passage_stems) if n])

    def sample(count: int) -> list[str]:
        lens = rng.choice(lengths, count)
        tokens = vocab[rng.choice(len(vocab), int(lens.sum()), p=probs)]
        compound = rng.random(len(tokens)) < compound_rate
        tokens[compound] = tokens[compound] + vocab[rng.choice(len(vocab), int(compound.sum()), p=probs)]
        flat = tokens.tolist()
        ends = np.cumsum(lens).tolist()
        return [" ".join(flat[end - n : end]) for end, n in zip(ends, lens.tolist(), strict=False)]

    return sample


def vector_sampler(vectors: np.ndarray, rng: np.random.Generator, model: str = "fitted"):
    """Normalised random vectors of the model's dimension: `fitted` draws from a Gaussian with
    the real embeddings' mean and covariance plus isotropic noise (real embeddings are far
    from isotropic); `isotropic` is the uniform sphere (a worst case for HNSW)."""
    dim = vectors.shape[1]
    mean = vectors.mean(axis=0)
    centred = (vectors - mean) / np.sqrt(max(len(vectors) - 1, 1))
    noise = VECTOR_NOISE * float((vectors - mean).std())

    def sample(count: int) -> np.ndarray:
        if model == "isotropic":
            out = rng.standard_normal((count, dim))
        else:
            out = (
                mean + rng.standard_normal((count, len(vectors))) @ centred + noise * rng.standard_normal((count, dim))
            )
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out.astype("float32")

    return sample


@dataclass
class Synthetic:
    stems_path: Path
    vectors_path: Path


def synthetic_paths(bench_dir: Path, fingerprint: str, n: int) -> Synthetic:
    stem = bench_dir / f"synthetic-{fingerprint}-{n}"
    return Synthetic(stem.with_suffix(".stems.txt"), stem.with_suffix(".vectors.npy"))


def generate_synthetic(seed: Seed, n: int, bench_dir: Path, vector_model: str = "fitted") -> Synthetic:
    """The size-`n` corpus, generated once (in chunks, atomically) and cached in `bench_dir`."""
    out = synthetic_paths(bench_dir, seed.fingerprint(vector_model), n)
    if out.stems_path.exists() and out.vectors_path.exists():
        return out
    bench_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(n)
    texts, vectors = text_sampler(seed.passage_stems, rng), vector_sampler(seed.vectors, rng, vector_model)
    dim = seed.vectors.shape[1]
    tmp_text, tmp_vec = out.stems_path.with_suffix(".tmp"), out.vectors_path.with_suffix(".tmp")
    with open(tmp_text, "w", encoding="utf-8") as text_file, open(tmp_vec, "wb") as vec_file:
        np.lib.format.write_array_header_1_0(vec_file, {"descr": "<f4", "fortran_order": False, "shape": (n, dim)})
        for start in range(0, n, CHUNK):
            count = min(CHUNK, n - start)
            text_file.write("\n".join(texts(count)) + "\n")
            vec_file.write(vectors(count).tobytes())
    os.replace(tmp_text, out.stems_path)
    os.replace(tmp_vec, out.vectors_path)
    return out


def prune_cache(bench_dir: Path, fingerprint: str) -> None:
    """Remove seeds and synthetic corpora of other fingerprints (the corpus has changed)."""
    for path in [*bench_dir.glob("seed-*.npz"), *bench_dir.glob("synthetic-*")]:
        if fingerprint not in path.name:
            path.unlink(missing_ok=True)


def iter_lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n")


def iter_vector_chunks(path: Path, chunk: int = CHUNK) -> Iterator[np.ndarray]:
    """The .npy matrix in chunks read into ordinary buffers (a memmap would count every page
    it touched towards RSS)."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _, _ = read_header(handle)
        rows, dim = shape
        for start in range(0, rows, chunk):
            count = min(chunk, rows - start)
            yield np.fromfile(handle, dtype="<f4", count=count * dim).reshape(count, dim)
