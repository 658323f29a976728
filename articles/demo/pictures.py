"""Hero illustrations for demo stories, drawn with Pillow: harbour scenes in a section's colours."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 900

# section slug → (sky top, sky bottom, sea, accent, colour words for alt text)
PALETTES = {
    "news": ((30, 60, 110), (150, 180, 215), (20, 50, 80), (240, 200, 90), "blue and gold"),
    "politics": ((90, 30, 40), (220, 150, 120), (50, 30, 40), (250, 230, 200), "red and cream"),
    "business": ((20, 70, 70), (140, 200, 190), (15, 45, 55), (250, 170, 60), "teal and orange"),
    "culture": ((70, 30, 100), (230, 140, 170), (40, 20, 60), (255, 220, 120), "violet and pink"),
    "sport": ((20, 90, 50), (160, 220, 150), (15, 60, 50), (255, 255, 255), "green and white"),
    "science": ((10, 40, 70), (90, 170, 200), (5, 30, 50), (120, 240, 200), "deep blue and aqua"),
    "opinion": ((60, 60, 60), (200, 195, 185), (40, 40, 45), (230, 80, 60), "grey and red"),
}
SCENES = ("a harbour skyline with cranes", "boats on a calm bay", "a lighthouse above the waves")


def illustration(slug, section, scene=None):
    """Return ``(upload, alt_text)``: a 1600×900 JPEG drawn for the story, the same every time.

    ``scene`` (an index into ``SCENES``) chooses what it shows; by default the slug does.
    """
    rng = random.Random(slug)
    top, bottom, sea, accent, colours = PALETTES.get(section, PALETTES["news"])
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = int(HEIGHT * rng.uniform(0.55, 0.7))
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=sea)
    sun_x, sun_r = rng.randint(200, 1400), rng.randint(50, 110)
    draw.ellipse(
        [sun_x - sun_r, horizon - 2.2 * sun_r, sun_x + sun_r, horizon - 0.2 * sun_r], fill=accent
    )
    drawn = rng.randrange(len(SCENES))
    scene = drawn if scene is None else scene
    [_skyline, _boats, _lighthouse][scene](draw, rng, horizon, sea, accent)
    for _ in range(14):
        y = rng.randint(horizon + 10, HEIGHT - 10)
        x = rng.randint(0, WIDTH - 200)
        draw.line([(x, y), (x + rng.randint(60, 220), y)], fill=accent, width=2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    upload = SimpleUploadedFile(f"{slug}.jpg", buffer.getvalue(), content_type="image/jpeg")
    return upload, f"Illustration of {SCENES[scene]}, in {colours}"


# The demo's picture library, placed in bodies as ``picture:@key`` (see demo.load):
# key → (palette, scene, caption, credit). Every picture drawn here, as the heroes are,
# showing what its alt text and caption say.
CREDIT = "Illustration: Newsroom demo"
LIBRARY = {
    "museum-hall": ("culture", 0, "The museum's new glass hall.", CREDIT),
    "museum-boats": ("science", 1, "Boats on the bay.", CREDIT),
    "museum-lighthouse": ("opinion", 2, "The Kestrel lighthouse.", CREDIT),
    "museum-cranes": ("business", 0, "The container terminal.", CREDIT),
}


def _skyline(draw, rng, horizon, sea, accent):
    x = 0
    while x < WIDTH:
        w, h = rng.randint(40, 120), rng.randint(60, 260)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=sea)
        x += w + rng.randint(0, 20)
    for _ in range(3):
        cx = rng.randint(100, WIDTH - 100)
        draw.line([(cx, horizon), (cx, horizon - 340)], fill=sea, width=12)
        draw.line([(cx - 40, horizon - 330), (cx + 220, horizon - 330)], fill=sea, width=10)


def _boats(draw, rng, horizon, sea, accent):
    for _ in range(rng.randint(3, 6)):
        x, y = rng.randint(50, WIDTH - 300), horizon + rng.randint(20, 160)
        length = rng.randint(120, 260)
        draw.polygon(
            [(x, y), (x + length, y), (x + length - 30, y + 40), (x + 30, y + 40)], fill=accent
        )
        draw.line([(x + length // 2, y), (x + length // 2, y - 160)], fill=accent, width=5)
        draw.polygon(
            [
                (x + length // 2 + 6, y - 150),
                (x + length // 2 + 6, y - 10),
                (x + length - 20, y - 10),
            ],
            fill=(245, 245, 240),
        )


def _lighthouse(draw, rng, horizon, sea, accent):
    x = rng.randint(300, WIDTH - 300)
    draw.polygon(
        [(x - 160, horizon), (x + 200, horizon), (x + 120, horizon - 80), (x - 100, horizon - 70)],
        fill=sea,
    )
    draw.polygon(
        [
            (x - 35, horizon - 70),
            (x + 35, horizon - 70),
            (x + 22, horizon - 400),
            (x - 22, horizon - 400),
        ],
        fill=(240, 236, 228),
    )
    for band in range(3):
        y = horizon - 130 - band * 90
        draw.rectangle([x - 30, y - 30, x + 30, y], fill=(180, 40, 40))
    draw.rectangle([x - 28, horizon - 450, x + 28, horizon - 400], fill=accent)
    draw.polygon(
        [(x + 28, horizon - 440), (x + 600, horizon - 520), (x + 600, horizon - 360)], fill=accent
    )
