"""prefect.yaml stays in step with the flows it names."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]


def test_every_deployment_entrypoint_is_a_flow_with_those_parameters():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert {d["name"] for d in spec["deployments"]} == {"ingest", "backfill"}
    for deployment in spec["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert set(deployment["parameters"]) <= set(flow.parameters.properties), deployment["name"]
    (ingest,) = [d for d in spec["deployments"] if d["name"] == "ingest"]
    assert ingest["schedules"][0]["cron"] == "*/15 * * * *"
