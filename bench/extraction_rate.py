"""Extraction throughput on synthetic articles (bench/corpus.py), 1 and 2 processes, with the real reference
table: the figure `make bench` reports, in a minute instead of fourteen. `.venv/bin/python bench/extraction_rate.py`"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus
from run import extraction_pass
if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as t:
        folder = Path(t) / 'c'
        write_corpus(folder, 4000)
        files = sorted(folder.iterdir())
        for workers, n in ((1, 2000), (2, 4000), (2, 4000)):
            r = extraction_pass(files[:n], workers)
            print(workers, n, f"{r['rate']:.0f} articles/s p50 {r['p50']:.1f} ms p95 {r['p95']:.1f} ms peak {r['peak_mb']:.0f} MB", flush=True)
