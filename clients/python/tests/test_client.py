"""The client against a running SynRoute server (SYNROUTE_URL, SYNROUTE_TOKEN).

The SynRoute test suite starts a server whose planner answers at once with one
route for every target containing N, installs this package into a fresh
virtual environment and runs these tests there (test/clients/python.test.ts).
Nothing here is skipped: without a server the tests fail.
"""

import json
import os
import sys
import types
import unittest
from pathlib import Path

from synroute_client import SynRoute, SynRouteError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def client() -> SynRoute:
    for name in ("SYNROUTE_URL", "SYNROUTE_TOKEN"):
        if not os.environ.get(name):
            raise RuntimeError(f"{name} must point these tests at a running SynRoute server")
    return SynRoute(timeout=30)


class SingleJobs(unittest.TestCase):
    def test_create_wait_and_read_routes(self):
        c = client()
        job = c.create_job("CC(=O)Nc1ccc(O)cc1", routes=1)
        self.assertEqual(job["status"], "submitted")
        done = c.wait(job["id"], poll=0.1, timeout=60)
        self.assertEqual(done["status"], "completed")
        routes = c.routes(job["id"])
        self.assertEqual(len(routes), 1)
        self.assertTrue(routes[0]["reactionSmiles"].endswith(">>CC(=O)Nc1ccc(O)cc1"))

        record = c.routes(job["id"], format="aizynth")
        self.assertEqual(record["target"], "CC(=O)Nc1ccc(O)cc1")
        tree = record["trees"][0]
        self.assertEqual((tree["type"], tree["in_stock"]), ("mol", False))
        reaction = tree["children"][0]
        self.assertEqual(reaction["type"], "reaction")
        self.assertTrue(all(leaf["in_stock"] for leaf in reaction["children"]))

        svg = c.route_svg(job["id"], 1)
        self.assertTrue(svg.startswith("<?xml"))
        self.assertIn("<svg", svg)


class Batches(unittest.TestCase):
    def test_submit_with_compound_ids_wait_and_results(self):
        c = client()
        batch = c.submit(
            [("EN-001", "CCN"), ("cpd 2/β", "CCO"), ("EN-001", "CCN")],
            name="python client",
            routes=2,
            priority=7,
        )
        self.assertEqual(batch["number_of_jobs"], 2)
        seen = []
        finished = c.wait(batch["id"], poll=0.1, timeout=60, progress=lambda d, t: seen.append((d, t)))
        self.assertEqual(finished["status"], "completed")
        self.assertEqual(seen[-1], (2, 2))
        rows = c.results(batch["id"])
        self.assertEqual(
            [(r["compound_id"], r["smiles"], r["synthesizable"]) for r in rows],
            [("EN-001", "CCN", True), ("cpd 2/β", "CCO", False)],
        )
        self.assertEqual(c.status(batch["id"])["completed_jobs"], 2)

    def test_plain_smiles_and_a_mapping(self):
        c = client()
        plain = c.submit(["CCCN", "CCCO"])
        rows = c.results(c.wait(plain["id"], poll=0.1, timeout=60)["id"])
        self.assertEqual([r["compound_id"] for r in rows], [None, None])
        mapped = c.submit({"A-1": "NCCO"})
        c.wait(mapped["id"], poll=0.1, timeout=60)
        self.assertEqual(c.results(mapped["id"])[0]["compound_id"], "A-1")

    def test_cancel(self):
        c = client()
        batch = c.submit([f"N{'C' * n}O" for n in range(1, 40)])
        canceled = c.cancel(batch["id"])
        self.assertEqual(canceled["status"], "canceled")
        self.assertEqual(c.wait(batch["id"], poll=0.1, timeout=60)["status"], "canceled")


class Errors(unittest.TestCase):
    def test_http_errors_carry_status_and_body(self):
        c = client()
        with self.assertRaises(SynRouteError) as missing:
            c.job("0" * 32)
        self.assertEqual(missing.exception.status, 404)
        with self.assertRaises(SynRouteError) as refused:
            c.submit(["C C"])
        self.assertEqual(refused.exception.status, 422)
        self.assertIn("contains a space or tab", str(refused.exception))
        with self.assertRaises(SynRouteError) as unauthorized:
            SynRoute(c.url, token="srt_wrong").engines()
        self.assertEqual(unauthorized.exception.status, 401)

    def test_unreachable_server(self):
        with self.assertRaises(SynRouteError) as unreachable:
            SynRoute("http://127.0.0.1:9", token="x", timeout=5).engines()
        self.assertEqual(unreachable.exception.status, 0)
        self.assertIn("cannot reach", str(unreachable.exception))


class Notebook(unittest.TestCase):
    """Runs the example notebook's code cells in order, as Jupyter would."""

    def test_screening_notebook(self):
        client()  # the server the notebook reaches through the environment
        # A stand-in for Jupyter's display records what the notebook shows.
        shown = []
        display_module = types.ModuleType("IPython.display")
        display_module.SVG = lambda data: ("svg", data)
        display_module.display = shown.append
        saved = {name: sys.modules.get(name) for name in ("IPython", "IPython.display")}
        sys.modules["IPython"] = types.ModuleType("IPython")
        sys.modules["IPython.display"] = display_module
        try:
            notebook = json.loads((EXAMPLES / "screening.ipynb").read_text(encoding="utf-8"))
            namespace = {}
            for cell in notebook["cells"]:
                if cell["cell_type"] == "code":
                    exec(compile("".join(cell["source"]), "screening.ipynb", "exec"), namespace)
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
        rows = namespace["rows"]
        self.assertEqual([r["compound_id"] for r in rows], ["PCM-BN", "PCM-CP", "PPA-EE"])
        solved = sum(1 for r in rows if r["synthesizable"])
        self.assertEqual(len(shown), solved)
        self.assertTrue(solved > 0 and all("<svg" in data for _, data in shown))
        self.assertEqual(namespace["record"]["compound_id"], "PCM-BN")

if __name__ == "__main__":
    unittest.main()
