"""Jupyter notebooks as pages: the engine runs their code cells (see `parser.parse_notebook`),
and writes the results into a copy of the notebook for mkdocs-jupyter to render. Independent of
MkDocs. (Turning that rendering into a page like the others is the site's job: kbsite.)

Why the engine's runner and not the Jupyter kernel (mkdocs-jupyter's `execute: true`): one set
of semantics for every page — the same page process forked from the zygote, the same per-block
timeout and isolation, the same failure text (`docs/x.ipynb#cell-3:2`) in the build and in
pytest, and the same content-addressed cache, so an unchanged notebook is not re-run.
"""

from __future__ import annotations

import base64
import json

from .model import DocumentResult, Status


def executed_notebook(text: str, result: DocumentResult) -> str:
    """The notebook `text` with each code cell's printed output, figures and failure filled in
    (as Jupyter would store them), execution counts numbered in order."""
    notebook = json.loads(text)
    by_cell = {r.block.line: r for r in result.results}
    count = 0
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"], cell["execution_count"] = [], None
        block = by_cell.get(number)
        if block is None or block.status is Status.NOT_RUN:
            continue
        count += 1
        cell["execution_count"] = count
        if block.output:
            cell["outputs"].append({"output_type": "stream", "name": "stdout", "text": block.output})
        for figure in block.figures:
            cell["outputs"].append({"output_type": "display_data", "metadata": {},
                                    "data": {"image/png": base64.b64encode(figure.data).decode("ascii"),
                                             "text/plain": "<Figure>"}})
        if block.status is Status.FAILED:
            failure = block.failure
            cell["outputs"].append({"output_type": "error", "ename": "代码块验证失败",
                                    "evalue": failure.summary, "traceback": failure.render().split("\n")})
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def has_outputs(text: str) -> list[int]:
    """Numbers of the code cells that carry outputs or execution counts (stored notebooks must not)."""
    cells = json.loads(text)["cells"]
    return [n for n, c in enumerate(cells, start=1)
            if c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
