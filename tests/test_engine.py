"""Extraction on Dask: a LocalCluster on 127.0.0.1 gives the outputs of one process."""

from datetime import date

from etl.ingest import Document
from etl.outputs import events_frame, mentions_frame
from etl.pipeline import run

TEXTS = [
    "Russian forces shelled Kharkiv on Tuesday, killing two people, officials said.\n"
    "Ukraine's army said it shot down 40 drones over the Kyiv region overnight.\n",
    "Russian troops captured the town of Sudzha in the Kursk region on Wednesday.\n"
    "Officials from both sides will meet in Riyadh next week for talks.\n",
    "Kharkiv was shelled again by Russian forces on Tuesday, the governor said.\n",
]


def test_a_local_dask_cluster_gives_the_outputs_of_one_process():
    docs = [
        Document(f"d{n}", f"d{n}.txt", text, outlet=f"Wire {n}", published=date(2025, 3, 13))
        for n, text in enumerate(TEXTS)
    ]
    alone = run(docs)
    on_dask = run(docs, workers=2)
    assert on_dask.report["documents_extracted"] == len(docs)
    assert events_frame(on_dask.events).equals(events_frame(alone.events))
    assert mentions_frame(on_dask.mentions, on_dask.assignment).equals(
        mentions_frame(alone.mentions, alone.assignment)
    )
    assert len(alone.events) >= 3


def test_workers_keep_glibcs_own_malloc_trim_threshold():
    import dask

    from etl.engine import _worker_environ

    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 65536}):
        environ = _worker_environ()
    assert "MALLOC_TRIM_THRESHOLD_" not in environ
    assert environ.get("OMP_NUM_THREADS") == 1  # Dask's other settings stay
