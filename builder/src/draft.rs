//! From what a person pasted to a corpus: the texts and their metadata (a draft) become the
//! files of a corpus directory, exactly as `clause-cite new` writes them plus the person's fixes
//! (alignment entries and excluded lines), and that directory is compiled by the same
//! `clause_cite::compile` the CLI runs, so `clause-cite compile` rebuilds the same bytes.

use serde::{Deserialize, Serialize};

use clause_cite::{compile, new_corpus, source_text, AlignmentEntry, Compiled, CorpusManifest, DocumentManifest, Error, ErrorCode, Excluded, NewVersion};

/// One version as the page holds it: the text verbatim and what the person set.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DraftVersion {
    pub text: String,
    /// The source file's name in the corpus directory (default: from the language, `zh.txt`).
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub url: String,
    /// Lines of this version's text that belong to no document, each with its reason.
    #[serde(default)]
    pub excluded: Vec<Excluded>,
}

/// A document being built: its versions (the first is the original) and the fixes.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Draft {
    /// The document's id (default: from its English title).
    #[serde(default)]
    pub document_id: String,
    pub versions: Vec<DraftVersion>,
    /// The manifest's alignment entries, as the manifest writes them.
    #[serde(default)]
    pub alignment: Vec<AlignmentEntry>,
}

/// Why a draft does not compile: the stable error code, the message, and which version it is
/// about when it is about one.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BuildError {
    pub code: String,
    pub message: String,
    pub version: Option<usize>,
}

impl BuildError {
    fn from_error(error: Error, version: Option<usize>) -> BuildError {
        BuildError { code: error.code().as_str().to_string(), message: error.message().to_string(), version }
    }
}

/// What a draft makes: the corpus directory's files, the compiled corpus and its bytes.
pub struct Built {
    /// (path relative to the corpus directory, bytes), sources first.
    pub files: Vec<(String, Vec<u8>)>,
    pub compiled: Compiled,
    pub corpus_bytes: Vec<u8>,
    /// Each version's source file, as a path of the directory.
    pub source_files: Vec<String>,
}

/// The defaults a text suggests: its language from its script, its title from its first
/// title-like line, a date from its first lines.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Detected {
    pub lang: String,
    pub title: Option<String>,
    pub date: Option<String>,
}

pub fn detect(text: &str) -> Detected {
    Detected { lang: clause_cite::language_of(text).to_string(), title: clause_cite::title_of(text), date: clause_cite::date_of(text) }
}

/// A file name that is one plain name in the directory: letters, digits, `.`, `-` and `_`,
/// ending in `.txt`.
fn plain_file_name(wanted: &str) -> String {
    let mut name: String =
        wanted.chars().map(|character| if character.is_ascii_alphanumeric() || matches!(character, '.' | '-' | '_') { character } else { '-' }).collect();
    name = name.trim_matches(|character| character == '.' || character == '-').to_string();
    if name.is_empty() {
        name = "version".to_string();
    }
    if !name.ends_with(".txt") {
        name.push_str(".txt");
    }
    name
}

/// Each version's source file name: the person's, or one from its language and role, with a
/// number added where two would be the same.
fn file_names(draft: &Draft) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (index, version) in draft.versions.iter().enumerate() {
        let wanted = if version.file_name.trim().is_empty() && version.lang.trim().is_empty() && version.text.trim().is_empty() {
            // Nothing to tell the language by yet: name the file by its place.
            if index == 0 {
                "original.txt".to_string()
            } else {
                format!("translation-{index}.txt")
            }
        } else if version.file_name.trim().is_empty() {
            let lang = if version.lang.trim().is_empty() { detect(&version.text).lang } else { version.lang.trim().to_string() };
            let primary = clause_cite::primary_language(&lang);
            if index > 0 && version.role == "unofficial-translation" {
                format!("{primary}-unofficial.txt")
            } else {
                format!("{primary}.txt")
            }
        } else {
            plain_file_name(version.file_name.trim())
        };
        let mut name = wanted.clone();
        let mut count = 2;
        while names.contains(&name) {
            name = format!("{}-{count}.txt", wanted.trim_end_matches(".txt"));
            count += 1;
        }
        names.push(name);
    }
    names
}

/// A manifest written as `clause-cite new` writes it: indented JSON with a final newline.
fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The version a compiler message is about, from the source file it names.
fn version_named_in(message: &str, source_files: &[String]) -> Option<usize> {
    source_files.iter().position(|file| message.contains(file.as_str()))
}

/// Makes the corpus directory of a draft and compiles it.
pub fn build(draft: &Draft) -> Result<Built, BuildError> {
    if draft.versions.is_empty() || draft.versions[0].text.is_empty() && draft.versions.len() == 1 {
        return Err(BuildError {
            code: ErrorCode::EmptySource.as_str().to_string(),
            message: "Paste or drop the original's text first: the first version is the original, whose structure the translations are aligned to.".to_string(),
            version: Some(0),
        });
    }
    let names = file_names(draft);
    let mut versions = Vec::new();
    for (index, (version, name)) in draft.versions.iter().zip(&names).enumerate() {
        // Each text is checked on its own first, so an error says which version it is about.
        source_text(name, version.text.as_bytes().to_vec()).map_err(|error| BuildError::from_error(error, Some(index)))?;
        let mut options = Vec::new();
        for (key, value) in [
            ("lang", &version.lang),
            ("role", &version.role),
            ("title", &version.title),
            ("publisher", &version.publisher),
            ("date", &version.date),
            ("url", &version.url),
        ] {
            if !value.trim().is_empty() {
                options.push((key.to_string(), value.trim().to_string()));
            }
        }
        versions.push(NewVersion { file_name: name.clone(), bytes: version.text.as_bytes().to_vec(), options });
    }
    let document_id = Some(draft.document_id.trim()).filter(|id| !id.is_empty());
    let source_files: Vec<String> = names.iter().map(|name| format!("sources/{name}")).collect();
    let fresh = new_corpus(document_id, versions).map_err(|error| {
        let version = version_named_in(error.message(), &names);
        BuildError::from_error(error, version)
    })?;
    // The person's fixes go into the manifests `clause-cite new` wrote.
    let mut files = Vec::new();
    for (path, bytes) in fresh.files {
        if path == "corpus.json" {
            let mut manifest: CorpusManifest = serde_json::from_slice(&bytes).map_err(|why| internal(format!("corpus.json: {why}")))?;
            for (index, version) in draft.versions.iter().enumerate() {
                if let Some(source) = manifest.sources.get_mut(&format!("v{}", index + 1)) {
                    source.excluded = version.excluded.clone();
                }
            }
            files.push((path, pretty(&manifest)));
        } else if path.ends_with(".json") {
            let mut manifest: DocumentManifest = serde_json::from_slice(&bytes).map_err(|why| internal(format!("{path}: {why}")))?;
            manifest.alignment = draft.alignment.clone();
            files.push((path, pretty(&manifest)));
        } else {
            files.push((path, bytes));
        }
    }
    let compiled = {
        let mut read = |relative: &str| -> Result<Vec<u8>, String> {
            files.iter().find(|(path, _)| path == relative).map(|(_, bytes)| bytes.clone()).ok_or_else(|| format!("the directory has no file '{relative}'"))
        };
        compile(&mut read).map_err(|error| {
            let version = version_named_in(error.message(), &source_files);
            BuildError::from_error(error, version)
        })?
    };
    let corpus_bytes = compiled.corpus.to_bytes();
    Ok(Built { files, compiled, corpus_bytes, source_files })
}

fn internal(message: String) -> BuildError {
    BuildError { code: ErrorCode::InvalidManifest.as_str().to_string(), message, version: None }
}

/// Reads a dropped file's bytes as a text, or says specifically why it is not one (empty,
/// binary, GB18030, cut UTF-8, too large).
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, BuildError> {
    source_text(name, bytes).map_err(|error| BuildError::from_error(error, None))
}
