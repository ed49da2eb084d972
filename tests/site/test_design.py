"""The stylesheet's promises: AA contrast in both colour schemes, no fonts or images from elsewhere."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "infolitico/site/static/site/site.css").read_text()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colours(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", css))


def _section_colours(css: str) -> list[str]:
    return re.findall(r"\.s-[\w-]+ \{ --section: (#[0-9a-f]{6}); \}", css)


def test_text_colours_meet_wcag_aa_in_light_and_dark_mode():
    light_css, dark_css = CSS.split("@media (prefers-color-scheme: dark)")[0], \
        CSS.split("@media (prefers-color-scheme: dark)")[1].split("\n}\n")[0]
    for css in (light_css, dark_css):
        colours = {**_colours(light_css), **_colours(css)}
        texts = [colours["ink"], colours["muted"], colours["accent"], *_section_colours(css)]
        assert len(_section_colours(css)) == 7
        for background in (colours["paper"], colours["panel"]):
            for text in texts:
                assert contrast(text, background) >= 4.5, (text, background)
        assert contrast(colours["focus"], colours["paper"]) >= 3  # a visible focus ring


def test_the_stylesheet_loads_nothing_from_another_origin():
    assert "@import" not in CSS and "url(" not in CSS and "http" not in CSS
