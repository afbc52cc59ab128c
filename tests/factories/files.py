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
