//! Generates the translation tables from `locales/*.toml`: one `Texts` type with a method per
//! key, and for each language a file of its texts (`texts-<code>.txt` in OUT_DIR) that the app
//! fetches for the reader's language only, so the first visit does not download the other two.
//! Native builds (the unit tests) also get one static table per language. A key missing from (or
//! extra in) any language stops the build with a message naming it, and a key used in the code
//! that no locale defines is a compile error. This costs a few KB of wasm, where an i18n crate
//! costs tens.

// A build script reports a bad locale file by stopping the build.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

const LOCALES: [(&str, &str); 3] = [("kk", "KK"), ("ru", "RU"), ("en", "EN")];

/// Ends each text in a language's file: a control character no text may hold.
const SEPARATOR: char = '\u{1e}';

/// Names the set of keys (FNV-1a), so the app refuses a file of texts from another build.
fn keys_digest<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for key in keys {
        for byte in key.bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("kenes-texts-{hash:016x}")
}

fn parse(path: &Path) -> BTreeMap<String, String> {
    let source = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut entries = BTreeMap::new();
    for (number, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |why: &str| panic!("{}:{}: {why}: {line}", path.display(), number + 1);
        let Some((key, value)) = line.split_once('=') else {
            fail("expected key = \"text\"")
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            fail("keys are lower_snake_case");
        }
        let value = value.trim();
        let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
            fail("the text must be in double quotes")
        };
        let mut text = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => text.push('\n'),
                    Some('"') => text.push('"'),
                    Some('\\') => text.push('\\'),
                    _ => fail("unknown escape"),
                },
                '"' => fail("escape inner quotes as \\\""),
                c => text.push(c),
            }
        }
        if text.trim().is_empty() {
            fail("empty text");
        }
        if entries.insert(key.to_owned(), text).is_some() {
            fail("duplicate key");
        }
    }
    entries
}

fn main() {
    let dir = Path::new("locales");
    println!("cargo::rerun-if-changed=locales");
    let tables: Vec<_> = LOCALES
        .iter()
        .map(|(code, name)| {
            let path = dir.join(format!("{code}.toml"));
            println!("cargo::rerun-if-changed={}", path.display());
            (*name, parse(&path))
        })
        .collect();
    let reference = &tables[2].1; // English defines the set of keys
    for (name, table) in &tables {
        let missing: Vec<_> = reference
            .keys()
            .filter(|k| !table.contains_key(*k))
            .collect();
        let extra: Vec<_> = table
            .keys()
            .filter(|k| !reference.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty(),
            "locale {name} is missing keys: {missing:?}"
        );
        assert!(
            extra.is_empty(),
            "locale {name} has keys that en.toml lacks: {extra:?}"
        );
    }
    // One array of texts, and a method per key that picks its own: a struct with a field per key
    // had to be filled field by field, which was the app's largest function (21 KB of wasm,
    // compiled as the app starts); the array is moved in whole.
    let mut out = format!(
        "/// Every text of the interface, in key order; one method per key of the locale files.\n\
         #[cfg_attr(test, derive(Debug, PartialEq))]\n\
         pub struct Texts([&'static str; {}]);\n",
        reference.len()
    );
    // A file of texts is its keys' digest, then the texts in key order, each ended by SEPARATOR.
    let digest = keys_digest(reference.keys());
    writeln!(out, "const KEYS_DIGEST: &str = {digest:?};").ok();
    writeln!(out, "const SEPARATOR: char = {SEPARATOR:?};").ok();
    out.push_str("impl Texts {\n    /// The texts of a language's file, if it belongs to this build.\n    pub fn from_file(file: &'static str) -> Option<Texts> {\n        let mut texts = file.split(SEPARATOR);\n        if texts.next()? != KEYS_DIGEST {\n            return None;\n        }\n        let texts: Vec<&'static str> = texts.collect();\n        // The last separator ends the last text: nothing follows it.\n        match texts.split_last() {\n            Some((&\"\", texts)) => texts.try_into().ok().map(Texts),\n            _ => None,\n        }\n    }\n");
    for (index, key) in reference.keys().enumerate() {
        writeln!(
            out,
            "    pub fn {key}(&self) -> &'static str {{\n        self.0[{index}]\n    }}"
        )
        .ok();
    }
    out.push_str("}\n");
    // The keys in table order, so tests can go over every text of a language.
    writeln!(
        out,
        "#[cfg(test)]\npub static KEYS: [&str; {}] = {:?};",
        reference.len(),
        reference.keys().collect::<Vec<_>>()
    )
    .ok();
    let out_dir = env::var("OUT_DIR").unwrap_or_default();
    for ((code, name), (_, table)) in LOCALES.iter().zip(&tables) {
        let mut file = format!("{digest}{SEPARATOR}");
        for text in table.values() {
            assert!(
                !text.contains(SEPARATOR),
                "{code}: a text holds the separator"
            );
            file.push_str(text);
            file.push(SEPARATOR);
        }
        let path = Path::new(&out_dir).join(format!("texts-{code}.txt"));
        fs::write(&path, file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        writeln!(out, "#[cfg(test)]\npub static {name}: Texts = Texts([").ok();
        for text in table.values() {
            writeln!(out, "    {text:?},").ok();
        }
        out.push_str("]);\n");
    }
    let target = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("texts.rs");
    fs::write(&target, out).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
