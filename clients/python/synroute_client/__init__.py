"""A small client for a SynRoute server, for scripts and notebooks.

Only the Python standard library is used. The server, token and defaults are
found as the ``synroute`` command line finds them: arguments, then the
``SYNROUTE_URL`` / ``SYNROUTE_TOKEN`` environment variables, then the file
``synroute login`` writes (``~/.config/synroute/config.json``).

    from synroute_client import SynRoute

    client = SynRoute()
    batch = client.submit({"PCM-1": "CC(=O)Nc1ccc(OCc2ccccc2)cc1"}, name="first screen")
    client.wait(batch["id"])
    for row in client.results(batch["id"]):
        print(row["compound_id"], row["synthesizable"], row["score"])
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = ["SynRoute", "SynRouteError", "DEFAULT_URL"]
__version__ = "0.1.0"

DEFAULT_URL = "http://127.0.0.1:8080"

# Targets: SMILES, (compound id, SMILES) pairs, or a mapping of compound id to SMILES.
Targets = Union[Sequence[str], Sequence[Tuple[str, str]], Mapping[str, str]]

_FINISHED_JOB = ("completed", "failed", "canceled")
_FINISHED_BATCH = ("completed", "canceled")


class SynRouteError(Exception):
    """An answer other than 2xx (``status``, the parsed ``body``), or no answer at all (status 0)."""

    def __init__(self, message: str, status: int = 0, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def _saved_login() -> Dict[str, str]:
    path = os.environ.get("SYNROUTE_CONFIG") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config"),
        "synroute",
        "config.json",
    )
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


class SynRoute:
    """A connection to one SynRoute server with one API token."""

    def __init__(
        self,
        url: Optional[str] = None,
        token: Optional[str] = None,
        *,
        timeout: float = 120.0,
    ) -> None:
        saved = _saved_login()
        self.url = (url or os.environ.get("SYNROUTE_URL") or saved.get("url") or DEFAULT_URL).rstrip("/")
        self.token = token or os.environ.get("SYNROUTE_TOKEN") or saved.get("token")
        self.timeout = timeout

    # ---- plumbing ----

    def request(self, method: str, path: str, body: Any = None, *, raw: bool = False) -> Any:
        """Sends one request; the parsed JSON answer (or the text with ``raw``)."""
        headers = {"accept": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["content-type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                text = res.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", "replace")
            raise SynRouteError(_describe(err.code, text, path), err.code, _json_or_text(text)) from None
        except urllib.error.URLError as err:
            raise SynRouteError(
                f"cannot reach the SynRoute server at {self.url} ({err.reason}); is it running?"
            ) from None
        return text if raw else _json_or_text(text)

    # ---- what the server offers ----

    def engines(self) -> List[Dict[str, Any]]:
        return self.request("GET", "/engines")["data"]

    def libraries(self) -> List[Dict[str, Any]]:
        return self.request("GET", "/libraries")["data"]

    def parameters(
        self,
        *,
        engine: Optional[str] = None,
        libraries: Iterable[str] = ("default",),
        routes: int = 1,
        time_limit: int = 60,
        **more: Any,
    ) -> Dict[str, Any]:
        """Retro v2 planning parameters; the server's default engine unless one is named."""
        if engine is None:
            engines = self.engines()
            engine = next((e["id"] for e in engines if e.get("default")), engines[0]["id"])
        return {
            "retrosynthesis_engine": engine,
            "building_block_libraries": list(libraries),
            "number_of_routes": routes,
            "processing_time": time_limit,
            **more,
        }

    # ---- single jobs ----

    def create_job(self, smiles: str, **parameters: Any) -> Dict[str, Any]:
        """Plans one target; ``parameters`` as for :meth:`parameters` (routes, time_limit, ...)."""
        return self.request("POST", "/jobs", {"query": smiles, "parameters": self.parameters(**parameters)})

    def job(self, job_id: str) -> Dict[str, Any]:
        """The job resource, with its routes once it is completed."""
        return self.request("GET", f"/jobs/{_q(job_id)}")

    def routes(self, job_id: str, *, format: str = "retro-v2") -> Any:
        """The job's routes: the spec's ``routes``, or with ``format="aizynth"`` the record
        ``{target, is_solved, number_of_routes, trees, ...}`` whose trees AiZynthFinder's
        ``ReactionTree.from_dict`` reads."""
        if format == "aizynth":
            return self.request("GET", f"/jobs/{_q(job_id)}?format=aizynth")
        return self.job(job_id)["routes"]

    def route_svg(self, job_id: str, route: int = 1) -> str:
        """One route (numbered from 1) as an SVG picture: ``IPython.display.SVG(...)`` shows it."""
        return self.request("GET", f"/jobs/{_q(job_id)}/routes/{int(route)}.svg", raw=True)

    # ---- batches ----

    def submit(
        self,
        targets: Targets,
        *,
        name: Optional[str] = None,
        priority: Optional[int] = None,
        tags: Optional[Sequence[str]] = None,
        **parameters: Any,
    ) -> Dict[str, Any]:
        """Submits a batch and returns it. ``targets``: SMILES, (compound id, SMILES) pairs or
        a mapping of compound id to SMILES; the ids come back with every result."""
        smiles, ids = _split_targets(targets)
        body: Dict[str, Any] = {"smiles": smiles, "parameters": self.parameters(**parameters)}
        if any(i is not None for i in ids):
            body["compound_ids"] = ids
        if name is not None:
            body["name"] = name
        if priority is not None:
            body["priority"] = priority
        if tags:
            body["tags"] = list(tags)
        return self.request("POST", "/batches", body)

    def batch(self, batch_id: str) -> Dict[str, Any]:
        return self.request("GET", f"/batches/{_q(batch_id)}")

    def status(self, batch_id: str) -> Dict[str, Any]:
        """The Retro v2 status: ``{status, number_of_jobs, completed_jobs}``."""
        return self.request("GET", f"/batches/{_q(batch_id)}/status")

    def cancel(self, batch_id: str) -> Dict[str, Any]:
        """Stops a batch: queued jobs will not run; finished results are kept."""
        return self.request("PATCH", f"/batches/{_q(batch_id)}/cancel")

    def results(self, batch_id: str) -> List[Dict[str, Any]]:
        """One row per target in submission order: compound_id, smiles, job_id, status,
        synthesizable, score, certainty, price (None when unknown), steps, routes, best_route."""
        return self.request("GET", f"/batches/{_q(batch_id)}/summary")

    def wait(
        self,
        id_: str,
        *,
        poll: float = 2.0,
        timeout: Optional[float] = None,
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> Dict[str, Any]:
        """Waits until a batch or a job is finished and returns the batch resource or the
        job. ``progress(done, total)`` is called after every look."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            look = self._batch_progress
            look(id_)
        except SynRouteError as err:
            if err.status != 404:
                raise
            look = self._job_progress
        while True:
            current, done, total, finished = look(id_)
            if progress:
                progress(done, total)
            if finished:
                return current
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"{id_} is not finished after {timeout} s ({done}/{total} done)")
            time.sleep(poll)

    def _batch_progress(self, batch_id: str) -> Tuple[Dict[str, Any], int, int, bool]:
        batch = self.batch(batch_id)
        counts = batch.get("jobs_count_per_status") or {}
        done = sum(counts.get(s, 0) for s in _FINISHED_JOB)
        return batch, done, batch["number_of_jobs"], batch.get("status") in _FINISHED_BATCH

    def _job_progress(self, job_id: str) -> Tuple[Dict[str, Any], int, int, bool]:
        job = self.job(job_id)
        finished = job["status"] in _FINISHED_JOB
        return job, int(finished), 1, finished


def _q(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def _split_targets(targets: Targets) -> Tuple[List[str], List[Optional[str]]]:
    if isinstance(targets, Mapping):
        return list(targets.values()), [str(k) for k in targets.keys()]
    smiles: List[str] = []
    ids: List[Optional[str]] = []
    for item in targets:
        if isinstance(item, str):
            smiles.append(item)
            ids.append(None)
        else:
            compound_id, structure = item
            smiles.append(structure)
            ids.append(None if compound_id is None else str(compound_id))
    return smiles, ids


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def _describe(status: int, text: str, path: str) -> str:
    body = _json_or_text(text)
    error = body.get("error") if isinstance(body, dict) else None
    details = (error or {}).get("details") or []
    if status == 401:
        return "the server refused the token (401): set SYNROUTE_TOKEN or pass token=..."
    if status == 404:
        return f"{path}: not found (404)"
    if status == 422 and details:
        first = "; ".join(
            f"{'.'.join(str(p) for p in d.get('location') or [])}: {d.get('message') or d.get('error_type')}"
            for d in details[:3]
        )
        return f"{path}: rejected (422): {first}"
    message = (error or {}).get("message")
    return f"{path}: HTTP {status}" + (f": {message}" if message else "")
