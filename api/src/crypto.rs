//! Randomness and password hashing from the platform's WebCrypto, and SHA-256 for hashing tokens
//! and codes before they are stored.

use crate::http::ApiResult;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use sha2::{Digest, Sha256};
use shared::api::ApiError;
use std::fmt::Write as _;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buffer: &Uint8Array) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = importKey, catch)]
    fn import_key(
        format: &str,
        key: &Uint8Array,
        algorithm: &str,
        extractable: bool,
        usages: &Array,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = deriveBits, catch)]
    fn derive_bits(algorithm: &Object, key: &JsValue, length: u32) -> Result<Promise, JsValue>;
}

fn failed(what: &str, cause: &JsValue) -> ApiError {
    worker::console_error!("crypto: {what} failed: {cause:?}");
    ApiError::Internal
}

/// `N` bytes from the platform's cryptographic random source.
pub fn random<const N: usize>() -> ApiResult<[u8; N]> {
    let buffer = Uint8Array::new_with_length(u32::try_from(N).unwrap_or(0));
    get_random_values(&buffer).map_err(|e| failed("getRandomValues", &e))?;
    let mut out = [0u8; N];
    buffer.copy_to(&mut out);
    Ok(out)
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Workers' WebCrypto allows PBKDF2 up to 100,000 iterations: the most we can use.
pub const PBKDF2_ITERATIONS: u32 = 100_000;

/// PBKDF2-SHA256 of the password with the salt: 32 bytes.
pub async fn pbkdf2(password: &[u8], salt: &[u8], iterations: u32) -> ApiResult<Vec<u8>> {
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key_material = Uint8Array::from(password);
    let key = JsFuture::from(
        import_key("raw", &key_material, "PBKDF2", false, &usages)
            .map_err(|e| failed("importKey", &e))?,
    )
    .await
    .map_err(|e| failed("importKey", &e))?;
    let params = Object::new();
    let set = |name: &str, value: &JsValue| Reflect::set(&params, &JsValue::from_str(name), value);
    set("name", &JsValue::from_str("PBKDF2"))
        .and_then(|_| set("hash", &JsValue::from_str("SHA-256")))
        .and_then(|_| set("salt", &Uint8Array::from(salt)))
        .and_then(|_| set("iterations", &JsValue::from(iterations)))
        .map_err(|e| failed("PBKDF2 parameters", &e))?;
    let bits =
        JsFuture::from(derive_bits(&params, &key, 256).map_err(|e| failed("deriveBits", &e))?)
            .await
            .map_err(|e| failed("deriveBits", &e))?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// Compares two secrets' hashes without stopping at the first difference.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
