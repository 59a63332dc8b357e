//! Generates the translation tables from `locales/*.toml`: one `Texts` type with a method per
//! key, and for each language two files of its texts (in OUT_DIR) that the app fetches for the
//! reader's language only, so the first visit does not download the other two: `texts-<code>.txt`,
//! every text a page of the public may show, and `signed-in-texts-<code>.txt`, the texts only the
//! pages of signed-in groups show (see `signed_in_sources`), fetched with those pages' code.
//! Native builds (the unit tests) also get one static table per language. A key missing from (or
//! extra in) any language stops the build with a message naming it, and a key used in the code
//! that no locale defines is a compile error. This costs a few KB of wasm, where an i18n crate
//! costs tens.

// A build script reports a bad locale file by stopping the build.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
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

/// The groups of pages (`split_views!` in src/pages/mod.rs) only signed-in readers open: their
/// texts arrive with their code, and the public's first visit does not carry them.
const SIGNED_IN_GROUPS: [&str; 2] = ["member", "staff"];

/// The identifiers a Rust source names.
fn words(source: &str) -> BTreeSet<&str> {
    source
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect()
}

/// The modules `source` names as paths (`module::`); outside src/pages/mod.rs, the page modules
/// it names as `pages::module::`.
fn modules_named(source: &str, in_pages_mod: bool) -> BTreeSet<String> {
    let prefix = if in_pages_mod { "" } else { "pages::" };
    let mut named = BTreeSet::new();
    for (at, _) in source.match_indices("::") {
        let before = &source[..at];
        let start = before
            .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map_or(0, |i| i + 1);
        if before[..start].ends_with(prefix) && start < at {
            named.insert(before[start..].to_owned());
        }
    }
    named
}

/// The page files (src/pages/<name>.rs) only the signed-in groups' pages use: those that
/// `split_views!` names only on lines of signed-in groups, and that no other source names as a
/// module except files of this set. A key no other source names is a signed-in text.
fn signed_in_sources(sources: &BTreeMap<String, String>) -> BTreeSet<String> {
    let pages_mod = &sources["pages/mod.rs"];
    let is_split_line = |line: &&str| line.contains("=>") && line.trim_start().contains(": ");
    let split_lines = |signed_in: bool| {
        pages_mod
            .lines()
            .filter(is_split_line)
            .filter(|line| {
                let group = line.trim_start().split(':').next().unwrap_or("");
                SIGNED_IN_GROUPS.contains(&group) == signed_in
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let public_lines = modules_named(&split_lines(false), true);
    let mut set: BTreeSet<String> = modules_named(&split_lines(true), true)
        .into_iter()
        .filter(|m| !public_lines.contains(m) && sources.contains_key(&format!("pages/{m}.rs")))
        .collect();
    // Outside its split lines, pages/mod.rs is public code.
    let rest_of_pages_mod: String = pages_mod
        .lines()
        .filter(|line| !is_split_line(line))
        .collect::<Vec<_>>()
        .join("\n");
    loop {
        let before = set.len();
        let mut public_names = modules_named(&rest_of_pages_mod, true);
        for (path, source) in sources {
            let page = path
                .strip_prefix("pages/")
                .and_then(|p| p.strip_suffix(".rs"));
            if page != Some("mod") && !page.is_some_and(|m| set.contains(m)) {
                public_names.extend(modules_named(source, false));
            }
        }
        set.retain(|m| !public_names.contains(m));
        if set.len() == before {
            return set;
        }
    }
}

/// Every Rust source of the app, by path under src/, without its unit tests.
fn read_sources(dir: &Path, under: &str, into: &mut BTreeMap<String, String>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            read_sources(&path, &format!("{under}{name}/"), into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = fs::read_to_string(&path).unwrap();
            // A test naming a text does not put it on a page.
            let code = source.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            into.insert(format!("{under}{name}"), code.to_owned());
        }
    }
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

/// For each key in order, whether its text is a signed-in one: named by no source outside the
/// signed-in pages.
fn signed_in_keys(reference: &BTreeMap<String, String>) -> (Vec<bool>, BTreeSet<String>) {
    let mut sources = BTreeMap::new();
    println!("cargo::rerun-if-changed=src");
    read_sources(Path::new("src"), "", &mut sources);
    let signed_in_files = signed_in_sources(&sources);
    let public_words: BTreeSet<&str> = sources
        .iter()
        .filter(|(path, _)| {
            !path
                .strip_prefix("pages/")
                .and_then(|p| p.strip_suffix(".rs"))
                .is_some_and(|m| signed_in_files.contains(m))
        })
        .flat_map(|(_, source)| words(source))
        .collect();
    let keys = reference
        .keys()
        .map(|key| !public_words.contains(key.as_str()))
        .collect();
    (keys, signed_in_files)
}

/// The `Texts` type: reads the files of this build, one method per key.
fn texts_type(
    reference: &BTreeMap<String, String>,
    signed_in: &[bool],
    signed_in_files: &BTreeSet<String>,
    digest: &str,
) -> String {
    let public_count = signed_in.iter().filter(|s| !**s).count();
    // One array of texts, and a method per key that picks its own: a struct with a field per key
    // had to be filled field by field, which was the app's largest function (21 KB of wasm,
    // compiled as the app starts); the array is moved in whole.
    let mut out = format!(
        "/// Every text of the interface, in key order; one method per key of the locale files. The\n\
         /// signed-in texts are empty until their file is added (`with_signed_in`).\n\
         #[cfg_attr(test, derive(Debug, PartialEq))]\n\
         pub struct Texts([&'static str; {count}]);\n\
         /// Which keys' texts are in the signed-in file (pages of {signed_in_files:?}).\n\
         const SIGNED_IN_KEYS: [bool; {count}] = {signed_in:?};\n\
         const PUBLIC_COUNT: usize = {public_count};\n\
         /// A signed-in text, empty until the signed-in file is added (no text of a locale file is).\n\
         const FIRST_SIGNED_IN: Option<usize> = {first_signed_in:?};\n\
         /// The groups of pages whose texts come with the signed-in file (`pages::group_view!`).\n\
         #[cfg(test)]\n\
         pub const SIGNED_IN_GROUPS: [&str; {groups}] = {SIGNED_IN_GROUPS:?};\n",
        count = reference.len(),
        first_signed_in = signed_in.iter().position(|s| *s),
        groups = SIGNED_IN_GROUPS.len(),
    );
    // A file of texts is its keys' digest, then its texts in key order, each ended by SEPARATOR.
    writeln!(out, "const KEYS_DIGEST: &str = {digest:?};").ok();
    writeln!(out, "const SEPARATOR: char = {SEPARATOR:?};").ok();
    out.push_str(
        r#"/// The texts of a file of this build, in order.
fn file_texts(file: &'static str) -> Option<Vec<&'static str>> {
    let mut texts = file.split(SEPARATOR);
    if texts.next()? != KEYS_DIGEST {
        return None;
    }
    let mut texts: Vec<&'static str> = texts.collect();
    // The last separator ends the last text: nothing follows it.
    (texts.pop()?.is_empty()).then_some(texts)
}
impl Texts {
    /// The texts of a language's public file, if it belongs to this build.
    pub fn from_file(file: &'static str) -> Option<Texts> {
        let texts = file_texts(file)?;
        if texts.len() != PUBLIC_COUNT {
            return None;
        }
        let mut all = [""; SIGNED_IN_KEYS.len()];
        let mut public = texts.into_iter();
        for (text, signed_in) in all.iter_mut().zip(SIGNED_IN_KEYS) {
            if !signed_in {
                *text = public.next()?;
            }
        }
        Some(Texts(all))
    }
    /// These texts with those of the language's signed-in file, if it belongs to this build.
    pub fn with_signed_in(&self, file: &'static str) -> Option<Texts> {
        let texts = file_texts(file)?;
        if texts.len() != SIGNED_IN_KEYS.len() - PUBLIC_COUNT {
            return None;
        }
        let mut all = self.0;
        let mut added = texts.into_iter();
        for (text, signed_in) in all.iter_mut().zip(SIGNED_IN_KEYS) {
            if signed_in {
                *text = added.next()?;
            }
        }
        Some(Texts(all))
    }
    /// Whether the signed-in texts are here.
    pub fn has_signed_in(&self) -> bool {
        FIRST_SIGNED_IN.is_none_or(|at| !self.0[at].is_empty())
    }
"#,
    );
    for (index, key) in reference.keys().enumerate() {
        writeln!(
            out,
            "    pub fn {key}(&self) -> &'static str {{\n        self.0[{index}]\n    }}"
        )
        .ok();
    }
    out.push_str("}\n");
    out
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
    let (signed_in, signed_in_files) = signed_in_keys(reference);
    let digest = keys_digest(reference.keys());
    let mut out = texts_type(reference, &signed_in, &signed_in_files, &digest);
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
        for (file_name, of_signed_in) in [
            (format!("texts-{code}.txt"), false),
            (format!("signed-in-texts-{code}.txt"), true),
        ] {
            let mut file = format!("{digest}{SEPARATOR}");
            for (text, _) in table
                .values()
                .zip(&signed_in)
                .filter(|(_, s)| **s == of_signed_in)
            {
                assert!(
                    !text.contains(SEPARATOR),
                    "{code}: a text holds the separator"
                );
                file.push_str(text);
                file.push(SEPARATOR);
            }
            let path = Path::new(&out_dir).join(file_name);
            fs::write(&path, file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        writeln!(out, "#[cfg(test)]\npub static {name}: Texts = Texts([").ok();
        for text in table.values() {
            writeln!(out, "    {text:?},").ok();
        }
        out.push_str("]);\n");
    }
    let target = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("texts.rs");
    fs::write(&target, out).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
