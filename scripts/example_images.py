"""Write the README's two example illustrations, drawn by the pipeline's own code.

    .venv/bin/python scripts/example_images.py [docs/images]

The output is deterministic: the same code and fonts give the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from infolitico.pipeline import illustrate as ill
from infolitico.pipeline.events import Act, Entity, Event, Source

EXAMPLES = {
    "example-politics.jpg": Event(
        source=Source(
            title="Kamala Harris reached out to Mamdani and pro-Palestinian activists, Axios reports"
            " - Modern Ghana",
            claim="Kamala Harris reached out to Mamdani and pro-Palestinian activists",
            reporter="Axios",
        ),
        subject=Entity("Kamala Harris", "kamala-harris", "person"),
        act=Act(
            "reached out to",
            "reach out to",
            "reached out to",
            "reached out to",
            "reaching out to",
            "outreach",
            "outreach",
            "Mamdani and pro-Palestinian activists",
        ),
        section="Politics",
    ),
    "example-business.jpg": Event(
        source=Source(
            title="Microsoft agrees deal to buy Activision - FT",
            claim="Microsoft agrees deal to buy Activision",
        ),
        subject=Entity("Microsoft", "microsoft", "organisation"),
        act=Act("agreed", "agree", "agreed", "agreed", "agreeing", "deal", "deal", "deal to buy Activision"),
        section="Business",
    ),
}


def main(out: Path) -> None:
    """Draw each example at the article size and save it as a small JPEG."""
    out.mkdir(parents=True, exist_ok=True)
    for name, event in EXAMPLES.items():
        im = ill.compose(ill.look_for(event), ill.MAIN_SIZE)
        path = out / name
        im.save(path, "JPEG", quality=82, optimize=True, progressive=True)
        print(f"{path}  {im.width}x{im.height}  {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
