"""An import killed midway (SIGKILL while it writes) leaves nothing half-stored: one transaction."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from app.models import AuditEntry, Zone

N = 4000


def _zones_file(path: Path) -> None:
    feats = []
    for i in range(N):
        x, y = 12.50 + (i % 80) * 0.001, 55.65 + (i // 80) * 0.0006
        ring = [[x, y], [x + 0.0008, y], [x + 0.0008, y + 0.0005], [x, y + 0.0005], [x, y]]
        feats.append({"type": "Feature", "properties": {"NAVN": f"Zone {i}"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))


def test_killing_a_zone_import_while_it_writes_stores_nothing(sqlite_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "killed.sqlite3"
    shutil.copy(sqlite_template, db)
    data = tmp_path / "zones.geojson"
    _zones_file(data)
    env = os.environ | {"OVERBLIK_DATABASE_URL": f"sqlite:///{db}"}
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "zones", "import", str(data),
                             "--kind", "watch", "--name-field", "NAVN"], env=env, cwd=Path(__file__).parents[2],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 256 * 1024:  # the import's transaction is writing
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before it could be killed; make the file larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Zone)) == 0
        assert conn.scalar(select(func.count()).select_from(AuditEntry)) == 0
    engine.dispose()
