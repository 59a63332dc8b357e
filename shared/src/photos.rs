//! Photos attached to proposals (and later to projects, reports and grievances): which files are
//! accepted, recognised by their first bytes rather than by what the sender claims.

use crate::wire_name::{serde_by_wire_name, WireName};

/// The largest photo accepted. The app downscales to 1600 px before uploading, so a photo near
/// this size came from elsewhere; it is still accepted, not silently altered.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The longest side, in pixels, the app downscales a photo to before uploading it.
pub const MAX_SIDE_PX: u32 = 1600;

/// The image formats accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl WireName for ImageKind {
    const ALL: &'static [Self] = &[ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp];
    fn wire_name(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpeg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }
}

serde_by_wire_name!(ImageKind);

/// Why a photo was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoError {
    /// The file is not a JPEG, PNG or WebP image, whatever its name or declared type says.
    NotAnImage,
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// Nothing was sent.
    Empty,
}

impl ImageKind {
    /// The media type the photo is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<Self> {
        [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp]
            .into_iter()
            .find(|kind| kind.media_type() == media_type)
    }

    /// The format the file's first bytes announce, if it is one of ours.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageKind::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
                Some(ImageKind::Webp)
            }
            _ => None,
        }
    }
}

/// Checks an uploaded file: not empty, not too large, and really an image.
pub fn check(bytes: &[u8]) -> Result<ImageKind, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    ImageKind::sniff(bytes).ok_or(PhotoError::NotAnImage)
}

/// The image without the metadata a camera or phone writes into it: EXIF (which may hold where
/// and when the photo was taken, and the phone's model and serial), XMP, comments and text
/// chunks. The picture itself is untouched. `None` when the file's structure is broken.
pub fn without_metadata(kind: ImageKind, bytes: &[u8]) -> Option<Vec<u8>> {
    match kind {
        ImageKind::Jpeg => jpeg_without_metadata(bytes),
        ImageKind::Png => png_without_metadata(bytes),
        ImageKind::Webp => webp_without_metadata(bytes),
    }
}

fn jpeg_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..2).filter(|soi| *soi == [0xFF, 0xD8])?);
    let mut at = 2;
    loop {
        let marker = *bytes.get(at + 1).filter(|_| bytes.get(at) == Some(&0xFF))?;
        match marker {
            // Padding before a marker.
            0xFF => at += 1,
            // End of image, or a marker without a length.
            0xD9 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                return Some(out);
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                at += 2;
            }
            _ => {
                let length = usize::from(u16::from_be_bytes([
                    *bytes.get(at + 2)?,
                    *bytes.get(at + 3)?,
                ]));
                let end = at + 2 + length;
                let segment = bytes.get(at..end).filter(|_| length >= 2)?;
                // APP0 (JFIF), APP2 (colour profile) and APP14 (Adobe colour transform) say how
                // to draw the picture; every other APPn and comments are metadata.
                let metadata = matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE);
                if !metadata {
                    out.extend_from_slice(segment);
                }
                at = end;
                // Start of scan: the compressed picture follows, to the end of the file.
                if marker == 0xDA {
                    out.extend_from_slice(&bytes[at..]);
                    return Some(out);
                }
            }
        }
    }
}

fn png_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..8)?);
    let mut at = 8;
    while at < bytes.len() {
        let length = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
        let end = at
            .checked_add(12)?
            .checked_add(usize::try_from(length).ok()?)?;
        let chunk = bytes.get(at..end)?;
        let metadata = matches!(
            &chunk[4..8],
            b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME"
        );
        if !metadata {
            out.extend_from_slice(chunk);
        }
        at = end;
        if &chunk[4..8] == b"IEND" {
            return Some(out);
        }
    }
    None
}

fn webp_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let header = bytes.get(..12)?;
    let mut chunks = Vec::with_capacity(bytes.len());
    let mut at = 12;
    while at < bytes.len() {
        let size = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?);
        let padded = usize::try_from(size)
            .ok()?
            .checked_add(usize::try_from(size % 2).ok()?)?;
        let end = at.checked_add(8)?.checked_add(padded)?;
        let chunk = bytes.get(at..end.min(bytes.len()))?;
        match &chunk[..4] {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut vp8x = chunk.to_vec();
                // The flags that announce EXIF and XMP chunks, now gone.
                *vp8x.get_mut(8)? &= !0b0000_1100;
                chunks.extend_from_slice(&vp8x);
            }
            _ => chunks.extend_from_slice(chunk),
        }
        at = end;
    }
    let riff_size = u32::try_from(chunks.len() + 4).ok()?;
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(&header[..4]);
    out.extend_from_slice(&riff_size.to_le_bytes());
    out.extend_from_slice(&header[8..12]);
    out.extend_from_slice(&chunks);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    const WEBP: &[u8] = b"RIFF\x24\x00\x00\x00WEBPVP8 ";

    #[test]
    fn images_are_recognised_by_their_first_bytes() {
        assert_eq!(check(JPEG), Ok(ImageKind::Jpeg));
        assert_eq!(check(PNG), Ok(ImageKind::Png));
        assert_eq!(check(WEBP), Ok(ImageKind::Webp));
    }

    #[test]
    fn other_files_are_refused_whatever_they_claim() {
        assert_eq!(check(b"%PDF-1.7 not a photo"), Err(PhotoError::NotAnImage));
        assert_eq!(
            check(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(PhotoError::NotAnImage)
        );
        assert_eq!(
            check(b"RIFF\x24\x00\x00\x00WAVEfmt "),
            Err(PhotoError::NotAnImage)
        );
        assert_eq!(check(&JPEG[..2]), Err(PhotoError::NotAnImage));
        assert_eq!(check(&[]), Err(PhotoError::Empty));
    }

    #[test]
    fn the_size_limit_is_inclusive() {
        let mut at_limit = vec![0u8; MAX_BYTES];
        at_limit[..JPEG.len()].copy_from_slice(JPEG);
        assert_eq!(check(&at_limit), Ok(ImageKind::Jpeg));
        at_limit.push(0);
        assert_eq!(check(&at_limit), Err(PhotoError::TooLarge));
    }

    #[test]
    fn media_types_read_back() {
        for kind in [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp] {
            assert_eq!(ImageKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(ImageKind::from_media_type("image/svg+xml"), None);
    }

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let length = u16::try_from(body.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &length, body].concat()
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_comments_and_keeps_its_picture() {
        let jfif = segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = segment(0xE1, b"Exif\0\0GPS 43.2567N 76.9286E Galaxy A12 R58N");
        let comment = segment(0xFE, b"Taken by Aigerim");
        let table = segment(0xDB, &[0; 65]);
        let scan = [
            segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]),
            vec![0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9],
        ]
        .concat();
        let photo = [
            vec![0xFF, 0xD8],
            jfif.clone(),
            exif,
            comment,
            table.clone(),
            scan.clone(),
        ]
        .concat();
        let clean = without_metadata(ImageKind::Jpeg, &photo).unwrap();
        assert_eq!(clean, [vec![0xFF, 0xD8], jfif, table, scan].concat());
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS") && !text.contains("Aigerim"));
    }

    #[test]
    fn a_broken_jpeg_is_not_passed_on() {
        let truncated = [&[0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00][..], b"Exif"].concat();
        assert_eq!(without_metadata(ImageKind::Jpeg, &truncated), None);
        assert_eq!(without_metadata(ImageKind::Jpeg, b"not a jpeg"), None);
    }

    fn png_chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
        let length = u32::try_from(data.len()).unwrap().to_be_bytes();
        [&length[..], &kind, data, &[0, 0, 0, 0]].concat()
    }

    #[test]
    fn a_png_loses_its_text_and_exif_chunks() {
        let signature = PNG[..8].to_vec();
        let header = png_chunk(*b"IHDR", &[0; 13]);
        let data = png_chunk(*b"IDAT", &[1, 2, 3]);
        let end = png_chunk(*b"IEND", &[]);
        let photo = [
            signature.clone(),
            header.clone(),
            png_chunk(*b"tEXt", b"Author\0Aigerim"),
            png_chunk(*b"eXIf", b"GPS"),
            data.clone(),
            end.clone(),
        ]
        .concat();
        let clean = without_metadata(ImageKind::Png, &photo).unwrap();
        assert_eq!(clean, [signature, header, data, end].concat());
    }

    fn riff_chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
        let size = u32::try_from(data.len()).unwrap().to_le_bytes();
        let pad: &[u8] = if data.len() % 2 == 1 { &[0] } else { &[] };
        [&kind[..], &size, data, pad].concat()
    }

    #[test]
    fn a_webp_loses_its_exif_and_xmp_and_says_so_in_its_header() {
        let vp8x = |flags: u8| riff_chunk(*b"VP8X", &[flags, 0, 0, 0, 9, 0, 0, 9, 0, 0]);
        let picture = riff_chunk(*b"VP8 ", &[7; 11]);
        let chunks = [
            vp8x(0b0000_1100),
            picture.clone(),
            riff_chunk(*b"EXIF", b"GPS 43N"),
            riff_chunk(*b"XMP ", b"<x/>"),
        ]
        .concat();
        let riff = |chunks: &[u8]| {
            let size = u32::try_from(chunks.len() + 4).unwrap().to_le_bytes();
            [&b"RIFF"[..], &size, b"WEBP", chunks].concat()
        };
        let clean = without_metadata(ImageKind::Webp, &riff(&chunks)).unwrap();
        assert_eq!(clean, riff(&[vp8x(0), picture].concat()));
        assert_eq!(ImageKind::sniff(&clean), Some(ImageKind::Webp));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_cleaned_or_refused_without_a_panic(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            for (kind, head) in [
                (ImageKind::Jpeg, &JPEG[..4]),
                (ImageKind::Png, &PNG[..8]),
                (ImageKind::Webp, &b"RIFF\0\0\0\0WEBP"[..]),
            ] {
                let bytes = [head, &tail].concat();
                if let Some(clean) = without_metadata(kind, &bytes) {
                    proptest::prop_assert!(clean.len() <= bytes.len() + 8);
                }
            }
        }
    }
}
