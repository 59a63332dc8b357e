//! Randomness, password hashing and sealing (AES-GCM) from the platform's WebCrypto, and SHA-256
//! for hashing tokens and codes before they are stored.

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

    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = encrypt, catch)]
    fn subtle_encrypt(
        algorithm: &Object,
        key: &JsValue,
        data: &Uint8Array,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = decrypt, catch)]
    fn subtle_decrypt(
        algorithm: &Object,
        key: &JsValue,
        data: &Uint8Array,
    ) -> Result<Promise, JsValue>;
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
    let params = algorithm(&[
        ("name", &JsValue::from_str("PBKDF2")),
        ("hash", &JsValue::from_str("SHA-256")),
        ("salt", &Uint8Array::from(salt)),
        ("iterations", &JsValue::from(iterations)),
    ])?;
    let bits =
        JsFuture::from(derive_bits(&params, &key, 256).map_err(|e| failed("deriveBits", &e))?)
            .await
            .map_err(|e| failed("deriveBits", &e))?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// A WebCrypto algorithm description: an object with these fields.
fn algorithm(fields: &[(&str, &JsValue)]) -> ApiResult<Object> {
    let params = Object::new();
    for (name, value) in fields {
        Reflect::set(&params, &JsValue::from_str(name), value)
            .map_err(|e| failed("algorithm parameters", &e))?;
    }
    Ok(params)
}

const NONCE_BYTES: usize = 12;

async fn aes_gcm_key(key: &[u8; 32], usage: &str) -> ApiResult<JsValue> {
    let usages = Array::of1(&JsValue::from_str(usage));
    JsFuture::from(
        import_key(
            "raw",
            &Uint8Array::from(&key[..]),
            "AES-GCM",
            false,
            &usages,
        )
        .map_err(|e| failed("importKey", &e))?,
    )
    .await
    .map_err(|e| failed("importKey", &e))
}

/// Encrypts and authenticates `plain` with AES-256-GCM under `key`: a fresh nonce, then the
/// ciphertext with its tag.
pub async fn seal(key: &[u8; 32], plain: &[u8]) -> ApiResult<Vec<u8>> {
    let nonce = random::<NONCE_BYTES>()?;
    let params = algorithm(&[
        ("name", &JsValue::from_str("AES-GCM")),
        ("iv", &Uint8Array::from(&nonce[..])),
    ])?;
    let key = aes_gcm_key(key, "encrypt").await?;
    let sealed = JsFuture::from(
        subtle_encrypt(&params, &key, &Uint8Array::from(plain))
            .map_err(|e| failed("encrypt", &e))?,
    )
    .await
    .map_err(|e| failed("encrypt", &e))?;
    let mut out = nonce.to_vec();
    out.extend(Uint8Array::new(&sealed).to_vec());
    Ok(out)
}

/// The plain text [`seal`] sealed under `key`; `None` when the key is another or the text was
/// altered.
pub async fn open(key: &[u8; 32], sealed: &[u8]) -> ApiResult<Option<Vec<u8>>> {
    let Some((nonce, ciphertext)) = sealed.split_at_checked(NONCE_BYTES) else {
        return Ok(None);
    };
    let params = algorithm(&[
        ("name", &JsValue::from_str("AES-GCM")),
        ("iv", &Uint8Array::from(nonce)),
    ])?;
    let key = aes_gcm_key(key, "decrypt").await?;
    let promise = subtle_decrypt(&params, &key, &Uint8Array::from(ciphertext))
        .map_err(|e| failed("decrypt", &e))?;
    Ok(JsFuture::from(promise)
        .await
        .ok()
        .map(|plain| Uint8Array::new(&plain).to_vec()))
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// HMAC-SHA256 (RFC 2104) of `data` under `key`, in hex.
pub fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    use hmac::{Mac, SimpleHmac};
    // HMAC takes a key of any length, so this cannot fail.
    let Ok(mut mac) = SimpleHmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(data);
    hex(&mac.finalize().into_bytes())
}

/// Compares two secrets' hashes without stopping at the first difference.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
