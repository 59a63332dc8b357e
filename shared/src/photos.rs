//! Photos attached to proposals (and later to projects, reports and grievances): which files are
//! accepted, recognised by their first bytes rather than by what the sender claims.

use serde::{Deserialize, Serialize};

/// The largest photo accepted. The app downscales to 1600 px before uploading, so a photo near
/// this size came from elsewhere; it is still accepted, not silently altered.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The longest side, in pixels, the app downscales a photo to before uploading it.
pub const MAX_SIDE_PX: u32 = 1600;

/// The image formats accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

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
}
