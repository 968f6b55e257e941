"""`hirehall-tracker`: the reference desktop tracker for the Work Diary API.

It records ten-minute segments aligned to the clock and sends each one to
`POST /api/v1/contracts/{id}/segments` with a personal access token (write scope): the segment's
start, one screenshot taken at a random moment inside it, per-minute keyboard and mouse counts, and the
memo. Sending the same segment twice is harmless (the server answers 200 for a replay), so a segment
that failed on the network is simply sent again.

Screenshots come from the screen where Pillow can grab it (Windows, macOS, Linux with an X display),
else from a folder of images (`--screenshots DIR`, used in order, round robin). Activity counts come from
a JSON-lines file (`--activity FILE`, one `{"keyboard": [...10], "mouse": [...10]}` per segment) or a
constant pattern (`--keyboard N --mouse N`); system-wide input hooks are platform-specific and left to
real trackers.

Examples:
  hirehall-tracker --server http://127.0.0.1:8000 --token hh_... --contract 12 --memo "Loader" \\
      --screenshots ./shots --backfill 2024-06-03T09:00:00Z --count 6
  hirehall-tracker --server http://127.0.0.1:8000 --token hh_... --contract 12 --memo "Loader" --watch
"""

from __future__ import annotations

import argparse
import base64
import io
import itertools
import json
import random
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SEGMENT = timedelta(minutes=10)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
# (status, parsed JSON body). A transport raises OSError when the server cannot be reached.
Transport = Callable[[str, str, dict[str, Any]], tuple[int, dict[str, Any]]]


def http_transport(server: str, token: str, timeout: float = 30.0) -> Transport:
    def send(method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(  # noqa: S310 - the URL is the server the user configured
            server.rstrip("/") + path,
            data=json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                return exc.code, json.loads(raw or b"{}")
            except ValueError:
                return exc.code, {"detail": raw.decode(errors="replace")[:200]}

    return send


def aligned(instant: datetime) -> datetime:
    instant = instant.astimezone(UTC).replace(second=0, microsecond=0)
    return instant - timedelta(minutes=instant.minute % 10)


class Screenshots:
    """Screen capture where possible, else images from a folder (round robin)."""

    def __init__(self, folder: Path | None, capture: bool) -> None:
        self.capture = capture
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES) if folder else []
        self._files: Iterator[Path] | None = itertools.cycle(files) if files else None

    def take(self) -> bytes:
        if self.capture:
            shot = grab_screen()
            if shot is not None:
                return shot
        if self._files is not None:
            return next(self._files).read_bytes()
        return b""


def grab_screen() -> bytes | None:
    try:
        from PIL import ImageGrab

        image = ImageGrab.grab()
    except Exception:  # no display, no permission, unsupported platform: fall back to the folder
        return None
    image.thumbnail((1600, 1600))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=70)
    return out.getvalue()


class Activity:
    """Per-minute keyboard and mouse counts for each segment."""

    def __init__(self, path: Path | None, keyboard: int, mouse: int) -> None:
        self._rows: Iterator[dict[str, list[int]]] | None = None
        if path is not None:
            rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            self._rows = itertools.cycle(rows) if rows else None
        self.keyboard, self.mouse = keyboard, mouse

    def next(self) -> tuple[list[int], list[int]]:
        if self._rows is not None:
            row = next(self._rows)
            return list(row["keyboard"]), list(row["mouse"])
        return [self.keyboard] * 10, [self.mouse] * 10


@dataclass
class Result:
    start: datetime
    status: int
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status in (200, 201)


@dataclass
class Tracker:
    transport: Transport
    contract_id: str
    memo: str
    screenshots: Screenshots
    activity: Activity
    retries: int = 3
    results: list[Result] = field(default_factory=list)

    def payload(self, start: datetime) -> dict[str, Any]:
        keyboard, mouse = self.activity.next()
        shot = self.screenshots.take()
        taken = start + timedelta(seconds=random.randint(0, 599))  # noqa: S311 - not security related
        return {
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "memo": self.memo,
            "keyboard": keyboard,
            "mouse": mouse,
            "screenshot": base64.b64encode(shot).decode() if shot else "",
            "screenshot_at": taken.strftime("%Y-%m-%dT%H:%M:%SZ") if shot else None,
        }

    def send(self, start: datetime, payload: dict[str, Any] | None = None) -> Result:
        """Send one segment; network errors and 5xx are retried with the same payload (idempotent)."""
        body = payload or self.payload(aligned(start))
        path = f"/api/v1/contracts/{self.contract_id}/segments"
        attempt = 0
        while True:
            try:
                status, answer = self.transport("POST", path, body)
            except OSError as exc:
                status, answer = 0, {"detail": str(exc)}
            if (status == 0 or status >= 500) and attempt < self.retries:
                attempt += 1
                time.sleep(min(2**attempt, 30) if status else 1)
                continue
            result = Result(aligned(start), status, answer)
            self.results.append(result)
            return result

    def backfill(self, start: datetime, count: int) -> list[Result]:
        return [self.send(aligned(start) + i * SEGMENT) for i in range(count)]

    def watch(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Run until interrupted: send each segment as soon as it has ended."""
        while not stop():
            now = datetime.now(UTC)
            ends = aligned(now) + SEGMENT
            time.sleep(max(0.0, (ends - now).total_seconds()) + 1)
            result = self.send(ends - SEGMENT)
            report(result)


def report(result: Result) -> None:
    when = result.start.strftime("%Y-%m-%d %H:%M")
    if result.ok:
        what = "sent" if result.status == 201 else "already recorded"
        sys.stdout.write(f"{when} {what}\n")
    else:
        code, detail = result.body.get("code", ""), result.body.get("detail", "")
        sys.stdout.write(f"{when} rejected ({result.status} {code}): {detail}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hirehall-tracker", description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="personal access token with the write scope")
    parser.add_argument("--contract", required=True, help="hourly contract id")
    parser.add_argument("--memo", default="", help="what you are working on")
    parser.add_argument(
        "--screenshots", type=Path, help="folder of images used when the screen cannot be captured"
    )
    parser.add_argument(
        "--no-capture", action="store_true", help="never grab the screen; use --screenshots only"
    )
    parser.add_argument("--activity", type=Path, help="JSON lines with per-minute keyboard and mouse counts")
    parser.add_argument("--keyboard", type=int, default=20, help="keystrokes per minute when no --activity")
    parser.add_argument("--mouse", type=int, default=10, help="mouse events per minute when no --activity")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--backfill", help="ISO start of the first segment to send (e.g. 2024-06-03T09:00:00Z)")
    mode.add_argument("--watch", action="store_true", help="track live until interrupted")
    parser.add_argument("--count", type=int, default=1, help="segments to send with --backfill")
    return parser.parse_args(argv)


def build(args: argparse.Namespace, transport: Transport | None = None) -> Tracker:
    return Tracker(
        transport=transport or http_transport(args.server, args.token),
        contract_id=str(args.contract),
        memo=args.memo,
        screenshots=Screenshots(args.screenshots, capture=not args.no_capture),
        activity=Activity(args.activity, args.keyboard, args.mouse),
    )


def main(argv: list[str] | None = None, transport: Transport | None = None) -> int:
    args = parse_args(argv)
    tracker = build(args, transport)
    if args.watch:
        try:
            tracker.watch()
        except KeyboardInterrupt:
            return 0
        return 0
    start = datetime.fromisoformat(args.backfill.replace("Z", "+00:00"))
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    results = tracker.backfill(start, args.count)
    for result in results:
        report(result)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
