"""The ONNX export of a sentence-transformers model: made once, offline, cached with its hash.

Why: importing sentence-transformers and torch is most of a cold start (5–6 s of 6 s on
two cores) and torch's per-question latency collapses when other processes share the
cores. ONNX Runtime runs the same graph with the same weights (cosine 1.0000 to the
torch vectors at fp32) and starts in well under a second.

The export holds the whole sentence embedding: the transformer, the pooling the model's
`1_Pooling/config.json` asks for (mean or CLS) and the L2 normalisation when the model
has a `Normalize` module, so the runtime (`index/onnx_encoder.py`) only tokenises and
runs one graph. The int8 variant is ONNX Runtime's dynamic quantisation of the fp32
export. Torch is imported here only when an export is made: by `install.sh`, at the first
ingest, or (once) by the first process that needs a missing export.

Where: `onnx/` beside the model when that directory is writable (one export for every
data directory), else `models/` in the data directory. Beside each `model-<precision>.onnx`
lies a manifest with the SHA-256 of the model files it was made from and of the export
itself; a changed model (other size or mtime, then another content hash) is exported again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ingest import file_sha256

EXPORT_VERSION = "1"  # bump when the export graph changes: old exports are then made again
OPSET = 17
SOURCE_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "config.json",
    "tokenizer.json",
    "vocab.txt",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)
SUPPORTED_MODULES = {"Transformer", "Pooling", "Normalize"}


class ExportUnsupported(RuntimeError):
    """The model has modules the ONNX export does not reproduce (use the torch backend)."""


@dataclass(frozen=True)
class Export:
    """A ready export: the ONNX file, the tokenizer to use with it, and its limits."""

    onnx: Path
    tokenizer: Path
    max_length: int
    manifest: dict


def export_dirs(model_path: Path, data_dir: Path | None) -> list[Path]:
    """Where exports are looked for and made, in order: beside the model, then the data dir."""
    dirs = [model_path / "onnx"]
    if data_dir is not None:
        dirs.append(data_dir / "models" / _slug(model_path))
    dirs.append(Path.home() / ".cache" / "samverkan" / "models" / _slug(model_path))
    return dirs


def find_export(model_path: Path, precision: str, dirs: list[Path]) -> Export | None:
    """An export of the model at `model_path` whose source files are unchanged, or None.
    Cheap (file sizes and mtimes): this runs at every cold start."""
    stat = _source_stat(model_path)
    for directory in dirs:
        manifest_path = directory / f"model-{precision}.json"
        onnx_path = directory / f"model-{precision}.onnx"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if manifest.get("export_version") != EXPORT_VERSION or not onnx_path.exists():
            continue
        if manifest.get("source_stat") != stat and manifest.get("source_sha256") != _source_sha256(model_path):
            continue
        tokenizer = model_path / "tokenizer.json"
        if not tokenizer.exists():
            tokenizer = directory / "tokenizer.json"
        return Export(onnx_path, tokenizer, int(manifest["max_length"]), manifest)
    return None


def ensure_export(model_path: Path, precision: str, dirs: list[Path]) -> Export:
    """The export, made now (with torch) if there is none for the current model files."""
    found = find_export(model_path, precision, dirs)
    if found is not None:
        return found
    last_error: OSError | None = None
    for directory in dirs:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if not os.access(directory, os.W_OK):
                continue
            return export(model_path, precision, directory)
        except OSError as err:  # read-only site-packages and the like: try the next place
            last_error = err
    raise last_error or OSError(f"no writable directory for the ONNX export of {model_path}")


def export(model_path: Path, precision: str, directory: Path) -> Export:
    """Export the model to `directory/model-<precision>.onnx` (fp32 first; int8 from it)."""
    fp32 = directory / "model-fp32.onnx"
    if precision == "int8":
        base = find_export(model_path, "fp32", [directory]) or export(model_path, "fp32", directory)
        target = directory / "model-int8.onnx"
        _atomic(target, lambda tmp: _quantize(base.onnx, tmp))
    else:
        target = fp32
        _atomic(target, lambda tmp: _export_fp32(model_path, tmp, directory))
    manifest = {
        "export_version": EXPORT_VERSION,
        "precision": precision,
        "source": str(model_path),
        "source_stat": _source_stat(model_path),
        "source_sha256": _source_sha256(model_path),
        "onnx_sha256": file_sha256(target),
        "max_length": _max_length(model_path),
    }
    _atomic(
        directory / f"model-{precision}.json",
        lambda tmp: tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8"),
    )
    found = find_export(model_path, precision, [directory])
    assert found is not None
    return found


# -- the export itself (torch) -------------------------------------------------------------
def _pipeline(model_path: Path) -> tuple[str, bool]:
    """The pooling ("mean" or "cls") and whether vectors are normalised, from the model's
    sentence-transformers configuration; other modules cannot be reproduced here."""
    modules_path = model_path / "modules.json"
    modules = json.loads(modules_path.read_text(encoding="utf-8")) if modules_path.exists() else []
    kinds = {m["type"].rsplit(".", 1)[-1] for m in modules}
    if kinds - SUPPORTED_MODULES:
        raise ExportUnsupported(f"{model_path}: {', '.join(sorted(kinds - SUPPORTED_MODULES))}")
    pooling = "mean"
    for module in modules:
        if module["type"].endswith("Pooling"):
            config = json.loads((model_path / module["path"] / "config.json").read_text(encoding="utf-8"))
            if config.get("pooling_mode_cls_token"):
                pooling = "cls"
            elif not config.get("pooling_mode_mean_tokens", True):
                raise ExportUnsupported(f"{model_path}: pooling {config}")
    return pooling, "Normalize" in kinds


def _export_fp32(model_path: Path, target: Path, directory: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel, AutoTokenizer

    pooling, normalize = _pipeline(model_path)
    if not (model_path / "tokenizer.json").exists():  # slow-only tokenizer: keep its fast twin
        AutoTokenizer.from_pretrained(str(model_path)).backend_tokenizer.save(str(directory / "tokenizer.json"))
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()
    uses_types = "token_type_ids" in model.forward.__code__.co_varnames

    class SentenceEmbedding(torch.nn.Module):
        """Transformer, pooling and normalisation as one graph."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            extra = {"token_type_ids": token_type_ids} if uses_types else {}
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state
            if pooling == "cls":
                vector = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                vector = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(vector, p=2, dim=1) if normalize else vector

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names)
    with torch.no_grad():
        torch.onnx.export(
            SentenceEmbedding().eval(),
            example,
            str(target),
            input_names=names,
            output_names=["embedding"],
            dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )


def _quantize(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # per-channel weights of the MatMuls only: cosine to fp32 0.99 (per-tensor, or with the
    # embedding Gathers quantised too, falls to 0.89 on the sample corpus)
    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


# -- small helpers ----------------------------------------------------------------------------
def _atomic(target: Path, write) -> None:
    """Write through a temporary file in the same directory, then rename: a reader never
    sees half an export, and two processes exporting at once both leave a whole one."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _max_length(model_path: Path) -> int:
    """sentence-transformers' max_seq_length (256 for all-MiniLM-L6-v2), else 512."""
    config = model_path / "sentence_bert_config.json"
    if config.exists():
        value = json.loads(config.read_text(encoding="utf-8")).get("max_seq_length")
        if value:
            return int(value)
    return 512


def _source_stat(model_path: Path) -> list[list]:
    return [
        [name, (model_path / name).stat().st_size, (model_path / name).stat().st_mtime_ns]
        for name in SOURCE_FILES
        if (model_path / name).exists()
    ]


def _source_sha256(model_path: Path) -> str:
    digest = hashlib.sha256(EXPORT_VERSION.encode())
    for name in SOURCE_FILES:
        if (model_path / name).exists():
            digest.update(name.encode() + b"\0" + file_sha256(model_path / name).encode())
    return digest.hexdigest()


def _slug(model_path: Path) -> str:
    return f"{model_path.name}-{hashlib.sha256(str(model_path.resolve()).encode()).hexdigest()[:8]}"


def main() -> None:
    """`python -m index.onnx_export [fp32|int8 ...]`: make the exports now (install.sh)."""
    import sys

    import settings

    config = settings.load()
    for precision in sys.argv[1:] or ["fp32"]:
        made = ensure_export(config.model_path, precision, export_dirs(config.model_path, config.data_dir))
        print(f"ONNX {precision}: {made.onnx}")


if __name__ == "__main__":
    main()
