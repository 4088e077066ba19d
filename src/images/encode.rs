//! Writing pixels as files a browser shows: lossy WebP (libwebp), JPEG with optimised Huffman
//! tables, and PNG for pictures with transparency. None of them carries any metadata: what the
//! source file held (EXIF, XMP, IPTC, GPS, colour profiles) stays behind.

use libwebp_sys as webp;

use crate::say::Say;

/// Pixels in memory: 3 (RGB) or 4 (RGBA, straight alpha) bytes per pixel, row after row.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

/// Lossy WebP at `quality` (0–100), method 4, with sharp RGB→YUV conversion (crisper colour
/// edges) and the alpha channel kept when there is one.
pub fn webp(p: &Pixels, quality: u8) -> Result<Vec<u8>, Say> {
    let too_big = |_| say!("pictures.too_large_for_webp", width = p.width, height = p.height);
    let (w, h) = (i32::try_from(p.width).map_err(too_big)?, i32::try_from(p.height).map_err(too_big)?);
    let stride = w * if p.alpha { 4 } else { 3 };
    // SAFETY: every libwebp struct is set up by its own init function before use; the picture
    // reads `p.data`, whose size is checked here, and writes only through the memory writer,
    // which lives until WebPEncode returns; both are freed on every path.
    p.check()?;
    unsafe {
        let mut config = std::mem::MaybeUninit::<webp::WebPConfig>::uninit();
        if webp::WebPConfigInitInternal(
            config.as_mut_ptr(),
            webp::WebPPreset::WEBP_PRESET_PHOTO,
            f32::from(quality),
            webp::WEBP_ENCODER_ABI_VERSION as i32,
        ) == 0
        {
            return Err(say!("pictures.webp_version"));
        }
        let mut config = config.assume_init();
        config.method = 4;
        config.use_sharp_yuv = 1;
        if webp::WebPValidateConfig(&config) == 0 {
            return Err(say!("pictures.webp_settings"));
        }
        let mut picture = std::mem::MaybeUninit::<webp::WebPPicture>::uninit();
        if webp::WebPPictureInitInternal(picture.as_mut_ptr(), webp::WEBP_ENCODER_ABI_VERSION as i32) == 0 {
            return Err(say!("pictures.webp_version"));
        }
        let mut picture = picture.assume_init();
        picture.width = w;
        picture.height = h;
        let imported = if p.alpha {
            webp::WebPPictureImportRGBA(&mut picture, p.data.as_ptr(), stride)
        } else {
            webp::WebPPictureImportRGB(&mut picture, p.data.as_ptr(), stride)
        };
        if imported == 0 {
            webp::WebPPictureFree(&mut picture);
            return Err(say!("pictures.out_of_memory"));
        }
        let mut writer = std::mem::MaybeUninit::<webp::WebPMemoryWriter>::uninit();
        webp::WebPMemoryWriterInit(writer.as_mut_ptr());
        let mut writer = writer.assume_init();
        picture.writer = Some(webp::WebPMemoryWrite);
        picture.custom_ptr = (&raw mut writer).cast();
        let ok = webp::WebPEncode(&config, &mut picture);
        let error = picture.error_code;
        webp::WebPPictureFree(&mut picture);
        let out = if ok != 0 && !writer.mem.is_null() {
            Ok(std::slice::from_raw_parts(writer.mem, writer.size).to_vec())
        } else {
            Err(say!("pictures.webp_failed", code = format!("{error:?}")))
        };
        webp::WebPMemoryWriterClear(&mut writer);
        out
    }
}

impl Pixels {
    /// An error unless the data holds all the pixels the size says.
    fn check(&self) -> Result<(), Say> {
        let per_pixel = if self.alpha { 4 } else { 3 };
        let wanted = self.width as usize * self.height as usize * per_pixel;
        if self.data.len() < wanted || self.width == 0 || self.height == 0 {
            return Err(say!(
                "pictures.short_pixels",
                bytes = self.data.len(),
                width = self.width,
                height = self.height
            ));
        }
        Ok(())
    }
}

/// Progressive JPEG at `quality` (1–100), 4:2:0 chroma, optimised Huffman tables (progressive:
/// it shows early while it loads, and the baseline file with optimised tables is one that
/// some decoders misread). A picture with alpha is put on white first.
pub fn jpeg(p: &Pixels, quality: u8) -> Result<Vec<u8>, Say> {
    p.check()?;
    let too_big = |_| say!("pictures.too_large_for_jpeg", width = p.width, height = p.height);
    let (w, h) = (u16::try_from(p.width).map_err(too_big)?, u16::try_from(p.height).map_err(too_big)?);
    let flat;
    let rgb = if p.alpha {
        flat = on_white(&p.data);
        &flat
    } else {
        &p.data
    };
    let mut out = Vec::with_capacity(rgb.len() / 10);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_optimized_huffman_tables(true);
    encoder.set_progressive(true);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder.encode(rgb, w, h, jpeg_encoder::ColorType::Rgb).map_err(|e| Say::verbatim(e.to_string()))?;
    Ok(out)
}

/// PNG (for pictures with transparency), compressed well but quickly.
pub fn png(p: &Pixels) -> Result<Vec<u8>, Say> {
    p.check()?;
    use image::ImageEncoder;
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    let color = if p.alpha { image::ExtendedColorType::Rgba8 } else { image::ExtendedColorType::Rgb8 };
    encoder.write_image(&p.data, p.width, p.height, color).map_err(|e| Say::verbatim(e.to_string()))?;
    Ok(out)
}

/// RGBA pixels put on a white background, as RGB.
fn on_white(rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let a = u32::from(px[3]);
        for c in &px[..3] {
            out.push(((u32::from(*c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(alpha: bool) -> Pixels {
        let (width, height) = (64, 48);
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                data.extend([(x * 4) as u8, (y * 5) as u8, 128]);
                if alpha {
                    data.push(if x < 32 { 255 } else { 0 });
                }
            }
        }
        Pixels { width, height, alpha, data }
    }

    #[test]
    fn each_format_decodes_back_to_the_same_size() {
        for alpha in [false, true] {
            let p = gradient(alpha);
            let w = webp(&p, 80).unwrap();
            assert_eq!(&w[..4], b"RIFF");
            assert_eq!(&w[8..12], b"WEBP");
            let back = image::load_from_memory(&w).unwrap();
            assert_eq!((back.width(), back.height()), (64, 48));
            assert_eq!(back.color().has_alpha(), alpha, "WebP keeps transparency only where there is some");
            let j = jpeg(&p, 80).unwrap();
            assert_eq!(&j[..3], &[0xFF, 0xD8, 0xFF]);
            let back = image::load_from_memory(&j).unwrap().to_rgb8();
            assert_eq!(back.dimensions(), (64, 48));
            if alpha {
                let px = back.get_pixel(60, 10);
                assert!(px.0.iter().all(|c| *c > 240), "transparent parts become white: {px:?}");
            }
            let png = png(&p).unwrap();
            assert_eq!(image::load_from_memory(&png).unwrap().color().has_alpha(), alpha);
        }
    }

    #[test]
    fn short_pixel_data_is_an_error_not_a_crash() {
        let mut p = gradient(false);
        p.data.truncate(10);
        assert!(webp(&p, 80).is_err());
        assert!(jpeg(&p, 80).is_err());
        assert!(png(&p).is_err());
    }
}
