import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(pages: int, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A real JPEG whose EXIF carries a camera model and a GPS position, as phone photos do."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0110] = "Pixel 9 Pro"  # Model
    exif[0x8825] = {1: "N", 2: (44.0, 5.0, 0.0), 3: "W", 4: (89.0, 24.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 53, 119)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size=(32, 32), mode="RGBA") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, (200, 80, 40, 128) if mode == "RGBA" else (200, 80, 40)).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def large_png_bytes(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of any size, built row by row so that no image is ever held in
    memory: a 20000 × 20000 one is about 50 KB, as a decompression bomb is."""
    import struct
    import zlib

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def deep_page_tree_pdf(depth: int = 101) -> bytes:
    """A one-page PDF whose page sits under ``depth`` nested /Pages nodes, written by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number, parent = 2 + level, f" /Parent {1 + level} 0 R" if level else ""
        objects.append(f"<< /Type /Pages /Kids [{number + 1} 0 R] /Count 1{parent} >>".encode())
    objects.append(f"<< /Type /Page /Parent {1 + depth} 0 R /MediaBox [0 0 612 792] >>".encode())
    body, offsets = b"%PDF-1.7\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    xref += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{len(body)}\n"
    return body + xref + trailer.encode() + b"%%EOF\n"
