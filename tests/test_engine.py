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
