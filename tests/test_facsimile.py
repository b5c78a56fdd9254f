"""Facsimiles: an image read, tiled as a static IIIF level-0 service, and
listed in a IIIF manifest, as a IIIF client sees them.

Every image here is drawn by the test (coloured blocks), never a real scan.
"""

from __future__ import annotations

import hashlib
import json
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageCms, TiffImagePlugin

from edition import diagnostics, facsimile
from edition.facsimile import ImageInfo, Problem, manifest, prune_tiles, read_image, write_tiles

from .conftest import serve

OSD = Path(facsimile.__file__).parent / "assets" / "openseadragon" / "openseadragon.min.js"
BASE = "https://edition.example.org/iiif/letter/131"


def draw(path: Path, size: tuple[int, int] = (1300, 900), fmt: str = "PNG", **save) -> Path:
    """A page of coloured blocks, 100 pixels a side, so every tile differs."""
    image = Image.new("RGB", size, "white")
    for x in range(0, size[0], 100):
        for y in range(0, size[1], 100):
            image.paste(((x * 7) % 256, (y * 5) % 256, ((x + y) * 3) % 256), (x, y, x + 100, y + 100))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, fmt, **save)
    return path


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def requested(info: dict) -> dict[str, tuple[int, int]]:
    """Every image a client of this level-0 service may ask for, with its
    size in pixels, worked out from the Image API and OpenSeadragon's
    `IIIFTileSource.getTileUrl` (its version-3 branch), not from the writer:
    per scale factor, the level's tiles in the canonical form ('full' for the
    whole image, 'max' for its full size, else 'x,y,w,h' and 'w,h'); the
    listed `sizes`; and the full image, which the manifest names."""
    width, height = info["width"], info["height"]
    (tiles,) = info["tiles"]
    tile = tiles["width"]
    urls = {"full/max/0/default.jpg": (width, height)}
    urls |= {f"full/{s['width']},{s['height']}/0/default.jpg": (s["width"], s["height"]) for s in info.get("sizes", [])}
    for factor in tiles["scaleFactors"]:
        level_w, level_h = math.ceil(width / factor), math.ceil(height / factor)
        for x in range(math.ceil(level_w / tile)):
            for y in range(math.ceil(level_h / tile)):
                rx, ry = x * tile * factor, y * tile * factor
                rw, rh = min(tile * factor, width - rx), min(tile * factor, height - ry)
                sw, sh = min(tile, level_w - x * tile), min(tile, level_h - y * tile)
                region = "full" if (rx, ry, rw, rh) == (0, 0, width, height) else f"{rx},{ry},{rw},{rh}"
                size = "max" if (sw, sh) == (width, height) else f"{sw},{sh}"
                urls[f"{region}/{size}/0/default.jpg"] = (sw, sh)
    return urls


# Reading an image ---------------------------------------------------------


def test_an_image_is_read_with_its_size_and_the_hash_of_its_bytes(tmp_path: Path) -> None:
    path = draw(tmp_path / "img" / "p131.png")
    info, problem = read_image(tmp_path, "img/p131.png")
    assert problem is None
    assert info == ImageInfo("img/p131.png", 1300, 900, hashlib.sha256(path.read_bytes()).hexdigest())


def test_a_photo_turned_by_its_camera_is_read_as_shown(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    draw(tmp_path / "p1.jpg", (1300, 900), "JPEG", exif=exif)
    info, _ = read_image(tmp_path, "p1.jpg")
    assert (info.width, info.height) == (900, 1300)
    tiles = write_tiles(tmp_path / "p1.jpg", tmp_path / "site", BASE, tmp_path / "cache")
    assert (tiles["width"], tiles["height"]) == (900, 1300)
    assert Image.open(tmp_path / "site" / "full/max/0/default.jpg").size == (900, 1300)


def _text_named_png(root: Path) -> str:
    (root / "img").mkdir()
    (root / "img" / "p131.png").write_text("not a picture\n")
    return "img/p131.png"


def _cut_short(root: Path) -> str:
    data = draw(root / "whole.png").read_bytes()
    (root / "p131.png").write_bytes(data[: len(data) // 2])
    return "p131.png"


def _two_pages(root: Path) -> str:
    pages = [Image.new("L", (200, 300), 255), Image.new("L", (200, 300), 0)]
    pages[0].save(root / "scan.tif", save_all=True, append_images=pages[1:])
    return "scan.tif"


def _other_case(root: Path) -> str:
    draw(root / "img" / "P131.png")
    return "img/p131.png"


def _folder(root: Path) -> str:
    (root / "img").mkdir()
    return "img"


PROBLEMS = [  # how the file is made, the code, the message, the start of the fix
    (lambda root: "img/p131.png", "ED110", "the image 'img/p131.png' does not exist",
     "put the file there, or correct the path in 'facsimile:' (paths are from the edition's top folder)"),
    (_other_case, "ED110", "the image 'img/p131.png' does not exist; 'P131.png' does, in the same folder",
     "write the name as the file has it ('P131.png')"),
    (_folder, "ED110", "'img' is a folder, not an image", "name the image file itself"),
    (_text_named_png, "ED111", "the file 'img/p131.png' is not an image the edition can read",
     "save the scan as PNG, JPEG or TIFF"),
    (_cut_short, "ED112", "the image 'p131.png' is damaged or cut short (image file is truncated)",
     "copy or export the image again"),
    (lambda root: "../p131.png", "ED113", "the image path '../p131.png' leads out of the edition",
     "put the image in the edition's folder"),
    (lambda root: "/etc/passwd", "ED113", "the image path '/etc/passwd' leads out of the edition",
     "put the image in the edition's folder"),
    (_two_pages, "ED115", "the image 'scan.tif' holds 2 pictures (pages or frames); a facsimile shows one",
     "save each page as an image of its own"),
]


@pytest.mark.parametrize(("make", "code", "message", "hint"), PROBLEMS, ids=[f"{p[1]}-{i}" for i, p in enumerate(PROBLEMS)])
def test_what_is_wrong_with_an_image_is_said_with_its_path_and_the_fix(tmp_path: Path, make, code, message,
                                                                        hint) -> None:
    root = tmp_path / "edition"
    root.mkdir()
    rel = make(root)
    info, problem = read_image(root, rel)
    assert info is None
    assert (problem.code, problem.message) == (code, message)
    assert problem.hint.startswith(hint)


def test_an_image_too_large_to_tile_is_refused_before_it_is_decoded(tmp_path: Path, monkeypatch) -> None:
    draw(tmp_path / "p1.png", (400, 300))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)  # Pillow's own limit, lowered: 120,000 is over it
    info, problem = read_image(tmp_path, "p1.png")
    assert problem == Problem("ED114", "the image 'p1.png' has more than 100,000 pixels",
                              "scale it down (a page scanned at 600 dpi has some 35 million pixels)")


def test_a_tiff_with_a_reduced_copy_of_its_page_is_one_picture(tmp_path: Path) -> None:
    page, thumbnail = Image.new("L", (600, 800), 200), Image.new("L", (60, 80), 200)
    with TiffImagePlugin.AppendingTiffWriter(tmp_path / "scan.tif", new=True) as tiff:
        page.save(tiff, "TIFF")
        tiff.newFrame()
        thumbnail.save(tiff, "TIFF", tiffinfo={254: 1})  # NewSubfileType: a reduced-resolution copy
        tiff.newFrame()
    info, problem = read_image(tmp_path, "scan.tif")
    assert problem is None
    assert (info.width, info.height) == (600, 800)


# Tiles ---------------------------------------------------------------------


def test_info_json_describes_a_static_level_0_service(tmp_path: Path) -> None:
    draw(tmp_path / "p131.png")
    info = write_tiles(tmp_path / "p131.png", tmp_path / "site", BASE + "/", tmp_path / "cache")
    assert json.loads((tmp_path / "site" / "info.json").read_text()) == info == {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": BASE,  # no slash at the end: a client appends "/info.json", "/full/…"
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": 1300,
        "height": 900,
        "sizes": [{"width": 325, "height": 225}, {"width": 650, "height": 450}],
        "tiles": [{"width": 512, "scaleFactors": [1, 2, 4]}],
    }


# Sizes around a tile's edge, a line of pixels, and a tall page.
@pytest.mark.parametrize("size", [(1300, 900), (512, 512), (300, 200), (513, 1), (1024, 600), (2049, 1537),
                                  (700, 3000)])
def test_every_image_a_client_asks_for_is_there_as_a_jpeg_of_its_size(tmp_path: Path, size) -> None:
    draw(tmp_path / "p.png", size)
    info = write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    assert (info["width"], info["height"]) == size
    urls = requested(info)
    assert set(files(tmp_path / "site")) == set(urls) | {"info.json"}  # nothing missing, nothing else
    for url, pixels in urls.items():
        with Image.open(tmp_path / "site" / url) as tile:
            assert (tile.format, tile.size, tile.mode) == ("JPEG", pixels, "RGB"), url


def test_the_last_level_is_one_tile_and_sizes_stop_at_1024_pixels(tmp_path: Path) -> None:
    draw(tmp_path / "p.png", (5000, 3000))
    info = write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    assert info["tiles"][0]["scaleFactors"] == [1, 2, 4, 8, 16]  # 5000 / 16 = 313 fits in a tile, 5000 / 8 does not
    assert info["sizes"] == [{"width": 313, "height": 188}, {"width": 625, "height": 375}]


def test_the_page_is_shown_as_drawn(tmp_path: Path) -> None:
    draw(tmp_path / "p.png")
    write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    with Image.open(tmp_path / "site" / "512,0,512,512/512,512/0/default.jpg") as tile:
        red, green, blue = tile.getpixel((150, 250))  # the block at (600, 200) in the page
    assert abs(red - 600 * 7 % 256) <= 4 and abs(green - 200 * 5 % 256) <= 4 and abs(blue - 800 * 3 % 256) <= 4


@pytest.mark.parametrize(("mode", "value", "shown"), [
    ("I;16", 32768, (128, 128, 128)),  # 16-bit grey: scaled to 8 bits, not clipped to white
    ("RGBA", (10, 20, 30, 0), (255, 255, 255)),  # transparent: on white, not on the hidden colour
    ("LA", (0, 0), (255, 255, 255)),
    ("CMYK", (0, 255, 255, 0), (255, 0, 0)),  # red
])
def test_pixels_become_what_a_browser_shows(tmp_path: Path, mode, value, shown) -> None:
    Image.new(mode, (64, 64), value).save(tmp_path / "p.tif")
    write_tiles(tmp_path / "p.tif", tmp_path / "site", BASE, tmp_path / "cache")
    with Image.open(tmp_path / "site" / "full/max/0/default.jpg") as image:
        assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((32, 32)), shown)), image.getpixel((32, 32))


@pytest.mark.parametrize("profile", [ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
                                     b"not a colour profile"])  # a broken one is ignored, as a browser ignores it
def test_a_colour_profile_is_applied_or_ignored_never_fatal(tmp_path: Path, profile: bytes) -> None:
    Image.new("RGB", (64, 64), (200, 30, 40)).save(tmp_path / "p.png", icc_profile=profile)
    assert read_image(tmp_path, "p.png")[1] is None
    write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    with Image.open(tmp_path / "site" / "full/max/0/default.jpg") as image:
        assert "icc_profile" not in image.info  # the tiles are sRGB, and say nothing
        assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((32, 32)), (200, 30, 40)))


def test_tiling_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    draw(tmp_path / "p.png")
    write_tiles(tmp_path / "p.png", tmp_path / "one", BASE, tmp_path / "cache-one")
    write_tiles(tmp_path / "p.png", tmp_path / "two", BASE, tmp_path / "cache-two")
    assert files(tmp_path / "one") == files(tmp_path / "two")


# The cache -------------------------------------------------------------------


@pytest.fixture
def saves(monkeypatch) -> list[str]:
    """The files Pillow encodes."""
    saved: list[str] = []
    save = Image.Image.save

    def counted(self, fp, *args, **kwargs):
        saved.append(str(fp))
        return save(self, fp, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "save", counted)
    return saved


def test_an_unchanged_image_is_not_tiled_again_and_a_moved_site_gets_its_new_address(tmp_path: Path,
                                                                                      saves) -> None:
    draw(tmp_path / "p.png")
    first = write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    tiles = files(tmp_path / "site")
    saves.clear()
    moved = "https://elsewhere.example.net/letter/iiif/131"
    second = write_tiles(tmp_path / "p.png", tmp_path / "site", moved, tmp_path / "cache")
    assert saves == []
    assert second == {**first, "id": moved}
    assert json.loads((tmp_path / "site" / "info.json").read_text())["id"] == moved
    assert {k: v for k, v in files(tmp_path / "site").items() if k != "info.json"} == \
        {k: v for k, v in tiles.items() if k != "info.json"}


def test_a_changed_image_is_tiled_anew_and_its_old_tiles_are_gone(tmp_path: Path, saves) -> None:
    draw(tmp_path / "p.png", (1300, 900))
    write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    draw(tmp_path / "p.png", (700, 500))
    saves.clear()
    info = write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    assert saves  # encoded again
    assert (info["width"], info["height"]) == (700, 500)
    assert set(files(tmp_path / "site")) == set(requested(info)) | {"info.json"}


def test_a_tile_set_of_another_recipe_or_half_made_is_made_again(tmp_path: Path, saves, monkeypatch) -> None:
    draw(tmp_path / "p.png")
    write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    monkeypatch.setattr(facsimile, "RECIPE", facsimile.RECIPE + " changed")
    saves.clear()
    write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    assert saves
    (kept,) = (tmp_path / "cache").iterdir()
    (kept / "tiles.json").unlink()  # as a build stopped before it wrote the record
    saves.clear()
    write_tiles(tmp_path / "p.png", tmp_path / "site", BASE, tmp_path / "cache")
    assert saves


def test_two_threads_tiling_one_image_each_get_the_whole_set(tmp_path: Path) -> None:
    draw(tmp_path / "p.png", (2049, 1537))
    with ThreadPoolExecutor(2) as pool:
        infos = list(pool.map(lambda name: write_tiles(tmp_path / "p.png", tmp_path / name, BASE, tmp_path / "cache"),
                              ["one", "two"]))
    assert infos[0] == infos[1]
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert set(files(tmp_path / "one")) == set(requested(infos[0])) | {"info.json"}
    assert len(list((tmp_path / "cache").iterdir())) == 1  # no half-made set left


def test_an_image_whose_tiles_are_kept_is_read_without_decoding(tmp_path: Path, monkeypatch) -> None:
    path = draw(tmp_path / "p.png")
    write_tiles(path, tmp_path / "site", BASE, tmp_path / "cache")
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded again"))
    info, problem = read_image(tmp_path, "p.png", tmp_path / "cache")
    assert problem is None and (info.width, info.height) == (1300, 900)


def test_pruning_keeps_only_the_tile_sets_in_use(tmp_path: Path) -> None:
    old, new = draw(tmp_path / "old.png", (300, 200)), draw(tmp_path / "new.png", (200, 300))
    for path in (old, new):
        write_tiles(path, tmp_path / "site" / path.stem, BASE, tmp_path / "cache")
    (tmp_path / "cache" / "abc.123.456.part").mkdir()  # left by a stopped build
    prune_tiles(tmp_path / "cache", {hashlib.sha256(new.read_bytes()).hexdigest()})
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [hashlib.sha256(new.read_bytes()).hexdigest()]


# OpenSeadragon, in a browser ---------------------------------------------------


def test_openseadragon_finds_every_tile_it_asks_for(tmp_path: Path, browser) -> None:
    """The vendored OpenSeadragon's own `IIIFTileSource` lists the URL of every
    tile at every level, and its viewer shows the page: no request fails,
    and none is for the button pictures the edition does not ship."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "osd.js").write_bytes(OSD.read_bytes())
    (site / "index.html").write_text('<!doctype html><script src="osd.js"></script>'
                                     '<div id="viewer" style="width: 800px; height: 600px"></div>')
    draw(tmp_path / "p.png", (2049, 1537))
    with serve(site) as base:
        service = base + "iiif/letter/131"
        write_tiles(tmp_path / "p.png", site / "iiif/letter/131", service, tmp_path / "cache")
        page = browser.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
        page.goto(base + "index.html")
        urls = page.evaluate("""async url => {
            const info = await (await fetch(url + "/info.json")).json();
            const tiles = new OpenSeadragon.IIIFTileSource(
                OpenSeadragon.IIIFTileSource.prototype.configure(info, url + "/info.json"));
            const urls = [];
            for (let level = tiles.minLevel; level <= tiles.maxLevel; level++) {
                const n = tiles.getNumTiles(level);
                for (let x = 0; x < n.x; x++) for (let y = 0; y < n.y; y++) urls.push(tiles.getTileUrl(level, x, y));
            }
            return urls;
        }""", service)
        assert urls and all(url.startswith(service + "/") for url in urls)
        on_disk = set(files(site / "iiif/letter/131"))
        assert {url[len(service) + 1:] for url in urls} <= on_disk
        page.evaluate("""url => new Promise(done => {
            const viewer = OpenSeadragon({id: "viewer", tileSources: url + "/info.json",
                                          showNavigationControl: false});
            viewer.addHandler("open", () => {
                const image = viewer.world.getItemAt(0);
                const zoomed = () => { viewer.viewport.zoomTo(viewer.viewport.getMaxZoom(), null, true);
                                       image.addOnceHandler("fully-loaded-change", done); };
                image.getFullyLoaded() ? zoomed() : image.addOnceHandler("fully-loaded-change", zoomed);
            });
        })""", service)
        page.close()
    assert failed == []


# The manifest ----------------------------------------------------------------

SITE = "https://edition.example.org/"
PAGES = [("131", SITE + "iiif/letter/131", 1300, 900, "Page 131 of the letter, typed"),
         ("xii", SITE + "iiif/letter/xii/", 600, 800, "Page xii, handwritten")]


def letter(transcriptions: dict[str, str] | None = None) -> dict:
    return json.loads(manifest("A letter to the editor", SITE + "letter/", PAGES, "de", transcriptions,
                               manifest_url=SITE + "iiif/letter/manifest.json"))


def test_the_manifest_has_a_canvas_for_each_printed_page_with_its_image_service() -> None:
    data = letter()
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert (data["id"], data["type"], data["label"]) == (SITE + "iiif/letter/manifest.json", "Manifest",
                                                         {"none": ["A letter to the editor"]})
    assert data["homepage"] == [{"id": SITE + "letter/", "type": "Text", "label": {"none": ["A letter to the editor"]},
                                 "format": "text/html"}]
    assert [c["label"] for c in data["items"]] == [{"none": ["p. 131"]}, {"none": ["p. xii"]}]
    assert [(c["width"], c["height"]) for c in data["items"]] == [(1300, 900), (600, 800)]
    for canvas, (page, service, width, height, alt) in zip(data["items"], PAGES):
        (painting,) = canvas["items"]
        (annotation,) = painting["items"]
        assert (annotation["motivation"], annotation["target"]) == ("painting", canvas["id"])
        assert annotation["body"] == {
            "id": service.rstrip("/") + "/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
            "width": width, "height": height, "label": {"none": [alt]},
            "service": [{"id": service.rstrip("/"), "type": "ImageService3", "profile": "level0"}]}
        assert "#" not in canvas["id"]
    assert len({c["id"] for c in data["items"]}) == 2


def test_a_page_s_transcription_is_a_supplementing_annotation_on_its_canvas() -> None:
    data = letter({"131": "Dear Sir,\nyour letter of 3 May"})
    first, second = data["items"]
    (page,) = first["annotations"]
    (annotation,) = page["items"]
    assert annotation["motivation"] == "supplementing"
    assert annotation["target"] == first["id"]
    assert annotation["body"] == {"type": "TextualBody", "value": "Dear Sir,\nyour letter of 3 May",
                                  "format": "text/plain", "language": "de"}
    assert "annotations" not in second  # no transcription given for p. xii


def test_the_manifest_is_valid_presentation_3() -> None:
    """iiif-prezi3's models, made from the IIIF presentation validator's JSON
    schema, read the manifest back without an error.  (That schema,
    schema/iiif_3_0.json in github.com/IIIF/presentation-validator, states no
    licence, so it is not copied here; the manifest passed it when this was
    written.)"""
    from iiif_prezi3 import Manifest

    data = letter({"131": "Dear Sir,"})
    assert json.loads(Manifest(**data).jsonld()) == data


def test_a_page_given_twice_is_the_caller_s_mistake() -> None:
    with pytest.raises(ValueError, match="a page given twice"):
        manifest("A letter", SITE, [PAGES[0], PAGES[0]], "en", None, manifest_url=SITE + "m.json")


def test_the_manifest_is_the_same_text_each_time() -> None:
    def text() -> str:
        return manifest("A letter", SITE + "letter/", PAGES, "de", {"131": "Dear Sir,"},
                        manifest_url=SITE + "iiif/letter/manifest.json")
    assert text() == text()


# Diagnostics -------------------------------------------------------------------


def test_a_problem_becomes_a_diagnostic_at_the_front_matter_line(tmp_path: Path) -> None:
    _, problem = read_image(tmp_path, "img/p131.png")
    diagnostic = problem.at(diagnostics.Loc("docs/letter.md", 4, 3))
    assert str(diagnostic) == ("docs/letter.md:4:3: ED110 the image 'img/p131.png' does not exist. Fix: put the "
                               "file there, or correct the path in 'facsimile:' (paths are from the edition's top "
                               "folder)")
