"""Facsimiles: a printed page's scan, served as static IIIF.

Each image becomes an IIIF Image API 3.0 service of level 0: an `info.json`
and the JPEG tiles and sizes OpenSeadragon asks for, as plain files, so the
site needs no image server and requests nothing from other hosts.  A
document's pages are listed in an IIIF Presentation 3 manifest, each page's
transcription beside its image, for any IIIF viewer (Mirador, the Universal
Viewer) to show.

Tiling is the slow part: a tile set is kept in the cache folder under the
image's SHA-256 and linked into the site on later builds.  Only `info.json`,
which holds the site's address, is written afresh each time.

What is wrong with an image is returned as a `Problem` (a code, the message
and the fix); the caller knows the front-matter line and makes the
`Diagnostic` (`check`, which also matches the images with the text's pages).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import PIL
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .diagnostics import Diagnostic, Loc
from .model import Document

TILES = "tiles"  # the tile sets' folder in the edition's cache
TILE = 512  # pixels a side: OpenSeadragon's and most IIIF servers' choice
QUALITY = 85
SIZES_UP_TO = 1024  # `sizes` lists the whole image at each scale up to this many pixels a side: thumbnails, an overview
# The tiles' bytes depend on these and on Pillow's encoder: a cached tile set
# made otherwise is made again.  Raise the number when the tiling changes.
RECIPE = f"1 tile={TILE} quality={QUALITY} Pillow={PIL.__version__}"
_RECORD = "tiles.json"  # in a cached tile set: its recipe and what info.json needs, written last
_EXIF_ORIENTATION = 0x0112
# Raster formats only: Pillow would hand an EPS to Ghostscript, which runs its program.
FORMATS = ("PNG", "JPEG", "TIFF", "JPEG2000", "WEBP", "GIF", "BMP")


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with an image: the caller adds where it was named."""

    code: str
    message: str
    hint: str

    def at(self, loc: Loc) -> Diagnostic:
        return Diagnostic(self.code, loc, self.message, self.hint)


@dataclass(frozen=True, slots=True)
class PageImage:
    """A printed page's facsimile, as the front matter names it."""

    page: str  # the page number as printed ("131", "xii")
    path: str  # from the edition's top folder
    alt: str
    lines: tuple[tuple[int, str], ...] = ()  # a printed line's number and its box on the image, 'x,y,w,h', as written


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """An image as shown: its size after the camera's orientation is applied."""

    path: str  # as the front matter gives it
    width: int
    height: int
    sha256: str  # of the file's bytes: the key of its cached tiles


def read_image(root: Path, rel: str, cache_dir: Path | None = None) -> tuple[ImageInfo | None, Problem | None]:
    """The image at `rel` (from the edition's top folder `root`), or what is
    wrong with it.  The whole image is decoded, so a damaged one is found
    here, not while tiling, unless `cache_dir` already holds its tiles."""
    path = Path(root, rel)
    if Path(rel).is_absolute() or not path.resolve().is_relative_to(Path(root).resolve()):
        return None, Problem("ED113", f"the image path '{rel}' leads out of the edition",
                             "put the image in the edition's folder and give its path from the edition's top folder "
                             "(for example 'facsimiles/p131.png')")
    if not path.is_file():
        return None, _missing(path, rel)
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, Problem("ED110", f"the image '{rel}' cannot be read ({err.strerror})",
                             "make the file readable by the account that builds the site")
    sha256 = hashlib.sha256(data).hexdigest()
    if cache_dir and (record := _record(cache_dir / sha256)):
        return ImageInfo(rel, record["width"], record["height"], sha256), None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None, Problem("ED114", f"the image '{rel}' has more than {Image.MAX_IMAGE_PIXELS:,} pixels",
                             "scale it down (a page scanned at 600 dpi has some 35 million pixels)")
    except (UnidentifiedImageError, OSError, ValueError):
        return None, Problem("ED111", f"the file '{rel}' is not an image the edition can read",
                             "save the scan as PNG, JPEG or TIFF, and check that it opens in an image viewer")
    try:
        pictures = _pictures(image)
        image.load()
        turned = image.getexif().get(_EXIF_ORIENTATION, 1) in (5, 6, 7, 8)  # a quarter turn: shown on its side
    except (OSError, ValueError, SyntaxError, EOFError) as err:  # what Pillow's readers raise for bad data
        return None, Problem("ED112", f"the image '{rel}' is damaged or cut short ({err})",
                             "copy or export the image again from its source")
    if pictures > 1:
        return None, Problem("ED115", f"the image '{rel}' holds {pictures} pictures (pages or frames); "
                             "a facsimile shows one", "save each page as an image of its own and name each "
                             "under 'facsimile:'")
    width, height = image.size
    return ImageInfo(rel, *((height, width) if turned else (width, height)), sha256), None


def _missing(path: Path, rel: str) -> Problem:
    if path.is_dir():
        return Problem("ED110", f"'{rel}' is a folder, not an image", "name the image file itself")
    # A name that differs only in case is found on macOS and Windows, not on the server that builds the site.
    folder = path.parent
    same = [p.name for p in folder.iterdir() if p.name.lower() == path.name.lower()] if folder.is_dir() else []
    if same:
        return Problem("ED110", f"the image '{rel}' does not exist; '{same[0]}' does, in the same folder",
                       f"write the name as the file has it ('{same[0]}'): names differ in capitals on the server")
    return Problem("ED110", f"the image '{rel}' does not exist",
                   "put the file there, or correct the path in 'facsimile:' (paths are from the edition's top folder)")


def _pictures(image: Image.Image) -> int:
    """How many pictures the file holds: a camera's multi-picture JPEG holds
    one and its preview, a TIFF may hold reduced copies of its page."""
    frames = getattr(image, "n_frames", 1)
    if frames == 1 or image.format == "MPO":
        return 1
    if image.format != "TIFF":
        return frames
    count = 0
    for frame in range(frames):
        image.seek(frame)
        count += not image.tag_v2.get(254, 0) & 1  # NewSubfileType bit 0: a reduced-resolution copy
    image.seek(0)
    return count


def write_tiles(image_path: Path, out_dir: Path, base_url: str, cache_dir: Path) -> dict:
    """Write the image's IIIF level-0 service into `out_dir` (which it
    replaces whole) and return its info.json; `base_url` is the service's
    address, the URL of `out_dir`.  The image must have passed `read_image`."""
    data = image_path.read_bytes()
    kept = cache_dir / hashlib.sha256(data).hexdigest()
    record = _record(kept)
    if record is None:
        record = _tile(data, kept)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for folder, _, files in os.walk(kept):
        target = out_dir / Path(folder).relative_to(kept)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            if name != _RECORD:
                _link(Path(folder, name), target / name)
    info = {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": base_url.rstrip("/"),
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": record["width"],
        "height": record["height"],
        **({"sizes": record["sizes"]} if record["sizes"] else {}),
        "tiles": [{"width": TILE, "scaleFactors": record["scaleFactors"]}],
    }
    (out_dir / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def _record(kept: Path) -> dict | None:
    """A cached tile set's record, if the set is whole and of this recipe."""
    try:
        record = json.loads((kept / _RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if record.get("recipe") == RECIPE else None


def _link(source: Path, target: Path) -> None:
    """A hard link costs no disk; across file systems, a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _tile(data: bytes, kept: Path) -> dict:
    """Make the tile set in a folder of its own, then move it into place:
    a build stopped midway, or another thread tiling the same image, leaves
    no half set under the image's name."""
    image = _rgb(Image.open(io.BytesIO(data), formats=FORMATS))
    width, height = image.size
    work = kept.with_name(f"{kept.name}.{os.getpid()}.{threading.get_ident()}.part")
    shutil.rmtree(work, ignore_errors=True)
    written: set[str] = set()

    def save(name: str, picture: Image.Image) -> None:  # one at a time: a large scan's tiles are not all held at once
        if name not in written:  # an image within one tile is both 'full/max' and its only tile
            written.add(name)
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            picture.save(work / name, "JPEG", quality=QUALITY, optimize=True)

    save("full/max/0/default.jpg", image)
    factors, sizes = [1], []
    while max(_scaled(width, factors[-1]), _scaled(height, factors[-1])) > TILE:
        factors.append(factors[-1] * 2)
    level = image
    for factor in factors:
        if factor > 1:  # the mean of the level above's 2×2 pixels, as libvips makes pyramids: 10× faster than Lanczos
            level = level.reduce(2)
            if max(level.size) <= SIZES_UP_TO:
                sizes.insert(0, {"width": level.width, "height": level.height})
                save(f"full/{level.width},{level.height}/0/default.jpg", level)
        for y in range(0, level.height, TILE):
            for x in range(0, level.width, TILE):
                box = (x, y, min(x + TILE, level.width), min(y + TILE, level.height))
                save(_tile_path(width, height, factor, box), level.crop(box))
    record = {"recipe": RECIPE, "width": width, "height": height, "sizes": sizes, "scaleFactors": factors}
    (work / _RECORD).write_text(json.dumps(record), encoding="utf-8")
    if _record(kept) is None:  # none there, or of an older recipe
        shutil.rmtree(kept, ignore_errors=True)
    try:
        work.rename(kept)
    except OSError:  # another thread of the build put the same set there first
        shutil.rmtree(work, ignore_errors=True)
    return record


def prune_tiles(cache_dir: Path, keep: set[str]) -> None:
    """Remove the cached tile sets of images no longer used (their SHA-256
    not in `keep`), and any set a stopped build left half made."""
    if cache_dir.is_dir():
        for kept in cache_dir.iterdir():
            if kept.name in keep:
                continue
            if kept.is_dir():
                shutil.rmtree(kept)
            else:
                kept.unlink()


def _scaled(length: int, factor: int) -> int:
    return math.ceil(length / factor)  # the Image API's rounding, and OpenSeadragon's


def _tile_path(width: int, height: int, factor: int, box: tuple[int, int, int, int]) -> str:
    """A tile's path in the canonical form OpenSeadragon requests of a
    version-3 service: the region in the full image's pixels, 'full' when it
    is the whole image; the size 'w,h', 'max' when it is the full size."""
    x, y, right, bottom = (v * factor for v in box)
    right, bottom = min(right, width), min(bottom, height)
    region = "full" if (x, y, right, bottom) == (0, 0, width, height) else f"{x},{y},{right - x},{bottom - y}"
    w, h = box[2] - box[0], box[3] - box[1]
    size = "max" if (w, h) == (width, height) else f"{w},{h}"
    return f"{region}/{size}/0/default.jpg"


def _rgb(image: Image.Image) -> Image.Image:
    """The image as a browser shows it, in sRGB without transparency: turned
    as the camera recorded, 16-bit grey scaled (not clipped) to 8 bits, a
    transparent ground made white, colours moved from the file's profile."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if image.mode.startswith("I"):
        image = image.convert("I").point(lambda v: v / 256, "L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        ground = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(ground, image.convert("RGBA"))
    if profile:
        try:
            return ImageCms.profileToProfile(image.convert("RGB") if image.mode == "RGBA" else image,
                                             ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                             ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):  # a profile that does not fit the pixels:
            pass  # the pixels taken as sRGB, as a browser takes them
    return image.convert("RGB")


def manifest(document_title: str, doc_url: str, pages: list[tuple[str, str, int, int, str]], lang: str,
             transcriptions: dict[str, str] | None = None, *, manifest_url: str) -> str:
    """A document's IIIF Presentation 3 manifest, as JSON text, to be
    published at `manifest_url`.  `pages` are (page number as printed, the
    image service's base URL, width, height, alt text), in the text's order;
    `transcriptions` maps a page number to its plain transcription, shown
    beside the image, in the document's language `lang` (BCP 47).  The
    labels (title, "p. 131", alt text) are in the edition's language, which
    may be another: they are given as of no stated language.  Every URL is
    absolute, as the Presentation API requires of an `id`.  iiif-prezi3
    validates each part as it is made: a malformed URL raises (the caller's
    mistake, not an editor's)."""
    # Imported here: iiif-prezi3 and pydantic take most of a second to import, and most documents have no facsimile.
    from iiif_prezi3 import (Annotation, AnnotationBody, AnnotationPage, Canvas, Homepage, Manifest, ServiceV3,
                             TextualBody)

    numbers = [page for page, *_ in pages]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"a page given twice among {numbers}")
    folder = manifest_url.rsplit("/", 1)[0]
    canvases = []
    for page, base_url, width, height, alt in pages:
        canvas_id = f"{folder}/canvas/{quote(page, safe='')}"  # a Canvas's id may not hold a fragment
        base_url = base_url.rstrip("/")
        image = AnnotationBody(
            id=f"{base_url}/full/max/0/default.jpg", type="Image", format="image/jpeg", width=width, height=height,
            label={"none": [alt]}, service=[ServiceV3(id=base_url, type="ImageService3", profile="level0")])
        painting = AnnotationPage(id=f"{canvas_id}/painting", items=[
            Annotation(id=f"{canvas_id}/painting/image", motivation="painting", body=image, target=canvas_id)])
        text = (transcriptions or {}).get(page)
        annotations = None if text is None else [AnnotationPage(id=f"{canvas_id}/supplementing", items=[
            Annotation(id=f"{canvas_id}/supplementing/text", motivation="supplementing", target=canvas_id,
                       body=TextualBody(value=text, format="text/plain", language=lang))])]
        canvases.append(Canvas(id=canvas_id, label={"none": [f"p. {page}"]}, width=width, height=height,
                               items=[painting], annotations=annotations))
    return Manifest(
        id=manifest_url, label={"none": [document_title]}, items=canvases,
        homepage=[Homepage(id=doc_url, type="Text", format="text/html", label={"none": [document_title]})],
    ).jsonld()


# -- a document's facsimile, as its front matter gives it ---------------------------------------


def page_images(meta: Mapping[str, Any]) -> list[PageImage]:
    """The images the front matter names, in its order (entries reported as malformed left out)."""
    return [image for _, image in _named(meta)]


def _named(meta: Mapping[str, Any]) -> list[tuple[int, PageImage]]:
    """Each well-formed entry of 'facsimile', with its place in the list."""
    return [(i, PageImage(entry["page"], entry["image"], entry["alt"],
                          tuple((int(n), box) for n, box in (entry.get("lines") or {}).items())))
            for i, entry in enumerate(meta.get("facsimile") or [])
            if entry.get("page") and entry.get("image") and entry.get("alt")]


def check(document: Document, root: Path, cache_dir: Path | None) -> tuple[dict[str, ImageInfo], list[Diagnostic]]:
    """The images of a document's pages, each read (by page number), and what
    is wrong: an image that cannot be shown (ED110-ED115), a page named
    that the text does not have or twice (ED116), a page of the text with no
    image (ED117), images where the front matter says none may be shown
    (ED118).  Asked at every reading of the edition: an image may change
    while the document does not."""
    meta, locs = document.meta, document.locs
    images, found = _named(meta), []
    if images and meta.get("no_facsimile"):
        found.append(Diagnostic("ED118", locs["no_facsimile"], "'no_facsimile' says no image may be shown, but "
                                "'facsimile' names images", "keep the one that is true: the images, if their "
                                "publication is allowed, or the statement"))
    pages = [p.number for p in document.body.pages]
    infos: dict[str, ImageInfo] = {}
    seen: set[str] = set()
    for i, image in images:
        page = image.page
        if page not in pages or page in seen:
            twice = page in seen
            found.append(Diagnostic("ED116", locs[f"facsimile.{i}.page"],
                                    f"page {page} is named twice in 'facsimile'" if twice else
                                    f"page {page} is not a page of the text", "name each page of the text once, "
                                    "as its '::page' line gives it" + (f": {', '.join(pages)}" if pages else "")))
            continue
        seen.add(page)
        info, problem = read_image(root, image.path, cache_dir)
        if problem is not None:
            found.append(problem.at(locs[f"facsimile.{i}.image"]))
            continue
        infos[page] = info
        printed = sum(1 for line in document.body.printed_lines if line.page == page)
        for n, box in image.lines:
            if problem := _box_problem(n, box, printed, info):
                found.append(Diagnostic("ED122", locs[f"facsimile.{i}.lines"], f"page {page}: {problem}",
                                        "give the line's box in the image's pixels as left,top,width,height, "
                                        f"within its {info.width} × {info.height} pixels, for a line the page has"))
    if images and (missing := [p for p in pages if p not in seen]):
        found.append(Diagnostic("ED117", locs["facsimile"], f"page {missing[0]} of the text has no image in "
                                "'facsimile'", f"add an entry '- page: \"{missing[0]}\"' with its image and alt "
                                "text; where a page's image may not be shown, say so with 'no_facsimile' and "
                                "name no images"))
    return infos, found


def line_box(box: str) -> tuple[int, int, int, int] | None:
    """'120,340,960,40' as four whole numbers, or None."""
    parts = [p.strip() for p in box.split(",")]
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return None
    x, y, w, h = (int(p) for p in parts)
    return (x, y, w, h) if w and h else None


def _box_problem(n: int, box: str, printed: int, info: ImageInfo) -> str:
    if n > printed:
        return f"line {n} has a box, but the page has {printed} printed lines"
    found = line_box(box)
    if found is None:
        return f"line {n}'s box '{box}' is not four whole numbers left,top,width,height (width and height not 0)"
    x, y, w, h = found
    if x + w > info.width or y + h > info.height:
        return f"line {n}'s box {box} reaches outside the image"
    return ""
