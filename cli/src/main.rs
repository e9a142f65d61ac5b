//! The `clause-cite` command line: the same core as the npm package, for pipelines and for
//! checking the corpus by hand. Results go to stdout; errors go to stderr as one line, with
//! exit status 1 (2 for a malformed command line).
//!

use clause_cite::{clause_view, corpus_view, Corpus};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: clause-cite <command> [arguments]

commands:
  export                      the whole corpus as one JSON document
  lookup <ref> [--json]       the clause a citation or id names
  show <ref>                  a clause with all its versions side by side, for reading
  search <query> [--json] [--limit N] [--versions v1,v2] [--documents d1,d2] [--within <ref>]
                              clauses matching a query, best first, with snippets
  cite <ref> --style <style> [--version <v>]
                              the citation formatted in a style: short, short-zh, permalink,
                              chicago, chicago-bib, apa, mla, gbt7714, bibtex, ris, csl-json,
                              selector (TextQuoteSelectors); --version quotes zh, en or en-blog
  card <ref> [--versions 'zh en'] [--sentence N] [--lang zh] [--quote <text>] [--whole]
                              [--language-first]
                              what a <clause-cite> card shows, as JSON: the versions and their
                              texts, heading, citation line, notes, and the quote's check
  compile <dir> -o <file>     compile a corpus directory (corpus.json, manifests, sources) and
                              report what was found: structure, divergences, places to check
  compile --library <out> <dir>... [--id <id>] [--title <title>]
                              compile corpus directories into a library for static hosting:
                              <out>/catalog.ccl, one file per document, the outline and the
                              search index in chunks; files are named by their checksums, so
                              a rebuild writes only what changed (serve catalog.ccl with a
                              short cache, everything else forever)
  new <dir> <file>...         start a corpus directory from pasted texts: copies each file
                              verbatim into <dir>/sources and writes metadata-only manifests;
                              per file: --lang, --role, --title, --publisher, --date, --url
                              (given after the file they describe)

options:
  --corpus <file>             use a compiled corpus instead of the embedded default
  --library <dir>             use a library folder (as compile --library writes it), loading
                              only the files each command needs";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match run(&arguments) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(output.as_bytes());
            if !output.ends_with('\n') {
                let _ = stdout.write_all(b"\n");
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(message)) => {
            eprintln!("clause-cite: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Error(message)) => {
            eprintln!("clause-cite: {message}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Error(String),
}

/// Splits the arguments into positional ones and `--name value` options.
struct Arguments<'a> {
    positional: Vec<&'a str>,
    options: Vec<(&'a str, Option<&'a str>)>,
}

const VALUED: &[&str] = &[
    "--corpus",
    "--library",
    "-o",
    "--style",
    "--limit",
    "--versions",
    "--within",
    "--documents",
    "--version",
    "--lang",
    "--role",
    "--title",
    "--publisher",
    "--date",
    "--url",
    "--id",
    "--sentence",
    "--quote",
];

fn split_arguments(arguments: &[String]) -> Result<Arguments<'_>, Failure> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut index = 0;
    while index < arguments.len() {
        let argument = arguments[index].as_str();
        if argument.starts_with('-') && argument.len() > 1 && !argument.starts_with("-¶") {
            if VALUED.contains(&argument) {
                let value = arguments.get(index + 1).ok_or_else(|| Failure::Usage(format!("{argument} needs a value")))?;
                options.push((argument, Some(value.as_str())));
                index += 2;
                continue;
            }
            options.push((argument, None));
        } else {
            positional.push(argument);
        }
        index += 1;
    }
    Ok(Arguments { positional, options })
}

impl Arguments<'_> {
    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(option, _)| *option == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options.iter().find(|(option, _)| *option == name).and_then(|(_, value)| *value)
    }
}

fn load(arguments: &Arguments) -> Result<Corpus, Failure> {
    if let Some(folder) = arguments.value("--library") {
        // A command that reads the whole corpus: every document of the library.
        let mut library = open_library(folder)?;
        let mut documents = Vec::new();
        for document in 0..library.document_count() {
            let corpus = run_steps(&mut library, folder, |library| library.shard(document).map(|step| step.map(Clone::clone)))?;
            documents.extend(corpus.documents);
        }
        return Ok(Corpus { id: library.id().to_string(), title: library.title().to_string(), documents });
    }
    match arguments.value("--corpus") {
        None => Corpus::from_bytes(clause_cite_default_corpus::BYTES).map_err(|why| Failure::Error(why.to_line())),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|why| Failure::Error(format!("cannot read corpus file '{path}': {why}")))?;
            Corpus::from_bytes(&bytes).map_err(|why| Failure::Error(format!("{path}: {}", why.to_line())))
        }
    }
}

/// Opens the library in `folder` by its catalog.
fn open_library(folder: &str) -> Result<clause_cite::Library, Failure> {
    let path = std::path::Path::new(folder).join(clause_cite::CATALOG_NAME);
    let bytes = std::fs::read(&path).map_err(|why| Failure::Error(format!("cannot read the library catalog '{}': {why}", path.display())))?;
    clause_cite::Library::open(&bytes).map_err(|why| Failure::Error(format!("{}: {}", path.display(), why.to_line())))
}

/// Runs a library call to its end, reading each file it asks for from `folder` (a file that
/// cannot be read is reported to the library, which then fails only what needs it).
fn run_steps<T>(
    library: &mut clause_cite::Library,
    folder: &str,
    mut call: impl FnMut(&clause_cite::Library) -> clause_cite::Result<clause_cite::Step<T>>,
) -> Result<T, Failure> {
    loop {
        match call(library).map_err(|why| Failure::Error(why.to_line()))? {
            clause_cite::Step::Ready(value) => return Ok(value),
            clause_cite::Step::Needs(names) => add_files(library, folder, &names),
        }
    }
}

fn add_files(library: &mut clause_cite::Library, folder: &str, names: &[String]) {
    for name in names {
        match std::fs::read(std::path::Path::new(folder).join(name)) {
            // A file that does not match the catalog is recorded by the library as failed.
            Ok(bytes) => {
                let _ = library.add_file(name, &bytes);
            }
            Err(why) => library.fail_file(name, &why.to_string()),
        }
    }
}

/// Resolves a reference in a library and returns its document as a corpus of one, with the
/// citation inside it.
fn resolve_in_library(folder: &str, reference: &str) -> Result<(Corpus, clause_cite::Citation), Failure> {
    let mut library = open_library(folder)?;
    let place = run_steps(&mut library, folder, |library| library.resolve(reference))?;
    let corpus = run_steps(&mut library, folder, |library| library.shard(place.document).map(|step| step.map(Clone::clone)))?;
    Ok((corpus, place.citation))
}

/// The library's views as JSON (the same shapes the npm package returns), indented for people.
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|why| Failure::Error(format!("cannot write JSON: {why}")))
}

fn run(raw: &[String]) -> Result<String, Failure> {
    let arguments = split_arguments(raw)?;
    let Some((&command, rest)) = arguments.positional.split_first() else {
        return Err(Failure::Usage("no command given".into()));
    };
    match command {
        "export" => to_json(&corpus_view(&load(&arguments)?)),
        "lookup" | "show" => {
            let reference = single(rest, command, "<ref>")?;
            let (corpus, found) = match arguments.value("--library") {
                Some(folder) => {
                    let (corpus, citation) = resolve_in_library(folder, reference)?;
                    (corpus, citation.reference())
                }
                None => {
                    let corpus = load(&arguments)?;
                    let found = resolve(&corpus, reference)?;
                    (corpus, found)
                }
            };
            if command == "show" {
                Ok(show(&corpus, found))
            } else if arguments.flag("--json") {
                to_json(&clause_view(&corpus, found))
            } else {
                let view = clause_view(&corpus, found);
                Ok(format!("{}\t{}", view.id, view.cite))
            }
        }
        "compile" if arguments.value("--library").is_some() => compile_library(&arguments, rest),
        "compile" => compile(&arguments, single(rest, command, "<dir>")?),
        "new" => new_corpus(raw),
        "cite" => cite(&arguments, single(rest, command, "<ref>")?),
        "search" => search(&arguments, single(rest, command, "<query>")?),
        "card" => card(&arguments, single(rest, command, "<ref>")?),
        other => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

fn single<'a>(rest: &[&'a str], command: &str, what: &str) -> Result<&'a str, Failure> {
    match rest {
        [one] => Ok(one),
        [] => Err(Failure::Usage(format!("{command} needs {what}"))),
        _ => Err(Failure::Usage(format!("{command} takes one {what}; quote a citation that has spaces"))),
    }
}

/// Resolves a reference in any citation form the core reads (ids, official and blog
/// numbering, Chinese, section titles, paragraph and sentence selectors).
fn resolve(corpus: &Corpus, reference: &str) -> Result<clause_cite::ClauseRef, Failure> {
    let citation = clause_cite::resolve(corpus, reference).map_err(|error| Failure::Error(error.to_line()))?;
    Ok(citation.reference())
}

/// Formats a citation: `cite <ref> --style <style> [--version <v>]`.
fn cite(arguments: &Arguments, reference: &str) -> Result<String, Failure> {
    use clause_cite::{format, resolve, Style};
    let style = Style::parse(arguments.value("--style").unwrap_or("short")).map_err(|error| Failure::Error(error.to_line()))?;
    let (corpus, citation) = match arguments.value("--library") {
        Some(folder) => resolve_in_library(folder, reference)?,
        None => {
            let corpus = load(arguments)?;
            let citation = resolve(&corpus, reference).map_err(|error| Failure::Error(error.to_line()))?;
            (corpus, citation)
        }
    };
    format(&corpus, &citation, style, arguments.value("--version")).map_err(|error| Failure::Error(error.to_line()))
}

/// The card's view of a reference: `card <ref> [--versions …] [--sentence …] [--lang …]
/// [--quote …] [--whole]`.
fn card(arguments: &Arguments, reference: &str) -> Result<String, Failure> {
    use clause_cite::{card_view, CardOptions, Index, NameTables, Resolver};
    let corpus = load(arguments)?;
    let tables = NameTables::new(&corpus);
    let resolver = Resolver::new(&corpus, &tables);
    let index = Index::new(&corpus);
    let options = CardOptions {
        versions: arguments.value("--versions").map(str::to_string),
        sentence: arguments.value("--sentence").map(str::to_string),
        language: arguments.value("--lang").map(str::to_string),
        quote: arguments.value("--quote").map(str::to_string),
        whole: arguments.flag("--whole"),
        language_first: arguments.flag("--language-first"),
    };
    let view = card_view(&corpus, &resolver, Some(&index), reference, &options).map_err(|error| Failure::Error(error.to_line()))?;
    to_json(&view)
}

/// A clause as text for a human: its citation, then each version's label, title and text.
fn show(corpus: &Corpus, found: clause_cite::ClauseRef) -> String {
    let view = clause_view(corpus, found);
    let document = corpus.document(found);
    let mut output = format!("{}\n{}\n{}\n", view.id, view.cite, view.cite_zh);
    for version in &document.versions {
        output.push_str(&format!("\n── {} · {} · {} ──\n", version.id, version.lang, version.role.as_str()));
        match view.texts.get(&version.id) {
            Some(text) => {
                output.push_str(text);
                output.push('\n');
            }
            None => output.push_str("(this version has nothing for this clause)\n"),
        }
    }
    for divergence in &view.divergences {
        output.push_str(&format!("\n! {} ({}): {}\n", divergence.kind.as_str(), divergence.version, divergence.note));
    }
    output
}

/// Runs a search: JSON hits with `--json`, else one line per hit (id, score, citation).
fn search(arguments: &Arguments, query: &str) -> Result<String, Failure> {
    use clause_cite::{Index, SearchOptions};
    let list = |name: &str| -> Vec<String> {
        arguments.value(name).map(|value| value.split(',').map(str::trim).filter(|part| !part.is_empty()).map(str::to_string).collect()).unwrap_or_default()
    };
    let limit = match arguments.value("--limit") {
        None => 10,
        Some(text) => text.trim().parse::<usize>().map_err(|_| Failure::Usage(format!("--limit takes a whole number from 1 to 1000, not '{text}'")))?,
    };
    let options =
        SearchOptions { limit, versions: list("--versions"), documents: list("--documents"), within: arguments.value("--within").map(str::to_string) };
    let hits = match arguments.value("--library") {
        Some(folder) => {
            let mut library = open_library(folder)?;
            loop {
                let step = library.search(query, &options).map_err(|why| Failure::Error(why.to_line()))?;
                if step.needs.is_empty() {
                    for (document, why) in &step.unavailable {
                        eprintln!("clause-cite: document '{document}' was not searched: {why}");
                    }
                    break step.hits;
                }
                add_files(&mut library, folder, &step.needs);
            }
        }
        None => {
            let corpus = load(arguments)?;
            let index = Index::new(&corpus);
            index.search(&corpus, query, &options).map_err(|why| Failure::Error(why.to_line()))?
        }
    };
    if arguments.flag("--json") {
        return to_json(&hits);
    }
    let mut output = String::new();
    for hit in &hits {
        output.push_str(&format!("{}\t{}\t{}\t[{}]\n", hit.id, hit.score, hit.cite, hit.matched.join(",")));
    }
    Ok(output)
}

/// Compiles a corpus directory: `compile <dir> -o <file>`. Prints what the compiler found.
fn compile(arguments: &Arguments, directory: &str) -> Result<String, Failure> {
    let directory = std::path::PathBuf::from(directory);
    let Some(path) = arguments.value("-o") else {
        return Err(Failure::Usage("compile needs -o <file> for the compiled corpus".into()));
    };
    let mut read = |relative: &str| std::fs::read(directory.join(relative)).map_err(|why| why.to_string());
    let compiled = clause_cite::compile(&mut read).map_err(|why| Failure::Error(format!("{}: {}", directory.display(), why.to_line())))?;
    let bytes = compiled.corpus.to_bytes();
    std::fs::write(path, &bytes).map_err(|why| Failure::Error(format!("cannot write '{path}': {why}")))?;
    let mut output = format!("wrote {} bytes to {path}\n", bytes.len());
    for report in &compiled.reports {
        output.push_str(&report.summary());
        output.push('\n');
        for warning in &report.warnings {
            output.push_str(&format!("  warning: {warning}\n"));
        }
        for place in &report.places {
            output
                .push_str(&format!("  check {} ({}) at {}: {} (confidence {}%)\n", place.clause, place.version, place.location, place.what, place.confidence));
        }
    }
    Ok(output)
}

/// Compiles corpus directories into a library: `compile --library <out> <dir>... [--id <id>]
/// [--title <title>]`. Files already in `<out>` with the same name hold the same bytes (names
/// are checksums), so they are left alone; the report says how many were new.
fn compile_library(arguments: &Arguments, directories: &[&str]) -> Result<String, Failure> {
    let Some(out) = arguments.value("--library") else {
        return Err(Failure::Usage("compile --library needs the library's folder".into()));
    };
    if directories.is_empty() {
        return Err(Failure::Usage("compile --library <out> needs at least one corpus directory".into()));
    }
    let mut output = String::new();
    let mut corpora = Vec::new();
    for directory in directories {
        let path = std::path::PathBuf::from(directory);
        let mut read = |relative: &str| std::fs::read(path.join(relative)).map_err(|why| why.to_string());
        let compiled = clause_cite::compile(&mut read).map_err(|why| Failure::Error(format!("{directory}: {}", why.to_line())))?;
        for report in &compiled.reports {
            output.push_str(&report.summary());
            output.push('\n');
            for warning in &report.warnings {
                output.push_str(&format!("  warning: {warning}\n"));
            }
        }
        corpora.push(compiled.corpus);
    }
    let folder_name = std::path::Path::new(out).file_name().and_then(|name| name.to_str()).unwrap_or("library").to_string();
    let id = arguments.value("--id").map(str::to_string).unwrap_or_else(|| {
        let cleaned: String = folder_name
            .chars()
            .map(|character| if character.is_ascii_alphanumeric() || character == '-' || character == '_' { character } else { '-' })
            .collect();
        if cleaned.is_empty() {
            "library".to_string()
        } else {
            cleaned
        }
    });
    let title = arguments.value("--title").unwrap_or(&id).to_string();
    let files = clause_cite::build_library(&id, &title, &corpora).map_err(|why| Failure::Error(why.to_line()))?;
    let (mut written, mut kept, mut bytes) = (0, 0, 0);
    for (name, content) in &files {
        let path = std::path::Path::new(out).join(name);
        bytes += content.len();
        if std::fs::read(&path).is_ok_and(|existing| existing == *content) {
            kept += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|why| Failure::Error(format!("cannot create '{}': {why}", parent.display())))?;
        }
        std::fs::write(&path, content).map_err(|why| Failure::Error(format!("cannot write '{}': {why}", path.display())))?;
        written += 1;
    }
    let documents: usize = corpora.iter().map(|corpus| corpus.documents.len()).sum();
    output.push_str(&format!(
        "wrote library '{id}' to {out}: {documents} documents in {} files, {bytes} bytes; {written} files written, {kept} unchanged\n",
        files.len()
    ));
    output.push_str("serve catalog.ccl with a short cache (it names the others); every other file never changes and may be cached forever\n");
    output.push_str("each document's file, for the prefetch attribute of the cards that cite it (fetched with the engine, not after the catalog):\n");
    // The names as the catalog just written gives them (the core names the files).
    let catalog = files.iter().find(|(name, _)| name == clause_cite::CATALOG_NAME).map(|(_, bytes)| bytes.as_slice()).unwrap_or_default();
    let library = clause_cite::Library::open(catalog).map_err(|why| Failure::Error(why.to_line()))?;
    for (position, document) in library.documents().iter().enumerate() {
        if let Some(name) = library.shard_name(position) {
            output.push_str(&format!("  {}: prefetch=\"{name}\"\n", document.id));
        }
    }
    Ok(output)
}

/// `new <dir> <file> [--lang L] [--role R] [--title T] [--publisher P] [--date D] [--url U]
/// <file> …`: the options after a file describe that file. The first file is the original.
fn new_corpus(raw: &[String]) -> Result<String, Failure> {
    let mut positional: Vec<&str> = Vec::new();
    let mut files: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut document_id: Option<String> = None;
    let mut index = 1;
    while index < raw.len() {
        let argument = raw[index].as_str();
        if argument.starts_with("--") {
            let value = raw.get(index + 1).ok_or_else(|| Failure::Usage(format!("{argument} needs a value")))?;
            if argument == "--id" {
                document_id = Some(value.clone());
            } else {
                let Some(file) = files.last_mut() else {
                    return Err(Failure::Usage(format!("{argument} describes a file: give it after the file")));
                };
                file.1.push((argument.trim_start_matches("--").to_string(), value.clone()));
            }
            index += 2;
            continue;
        }
        if positional.is_empty() {
            positional.push(argument);
        } else {
            files.push((argument.to_string(), Vec::new()));
        }
        index += 1;
    }
    let Some(directory) = positional.first() else {
        return Err(Failure::Usage("new needs <dir> and at least one text file".into()));
    };
    if files.is_empty() {
        return Err(Failure::Usage("new needs at least one text file: the original".into()));
    }
    let directory = std::path::PathBuf::from(directory);
    if directory.join("corpus.json").exists() {
        return Err(Failure::Error(format!("{} already holds a corpus.json; choose a new directory", directory.display())));
    }
    let mut inputs = Vec::new();
    for (path, options) in &files {
        let bytes = std::fs::read(path).map_err(|why| Failure::Error(format!("cannot read '{path}': {why}")))?;
        let name = std::path::Path::new(path).file_name().and_then(|name| name.to_str()).unwrap_or("source.txt").to_string();
        inputs.push(clause_cite::NewVersion { file_name: name, bytes, options: options.clone() });
    }
    let created = clause_cite::new_corpus(document_id.as_deref(), inputs).map_err(|why| Failure::Error(why.to_line()))?;
    std::fs::create_dir_all(directory.join("sources")).map_err(|why| Failure::Error(format!("cannot create {}: {why}", directory.display())))?;
    for (relative, bytes) in &created.files {
        std::fs::write(directory.join(relative), bytes).map_err(|why| Failure::Error(format!("cannot write {relative}: {why}")))?;
    }
    let mut output = format!("wrote {} files to {}\n", created.files.len(), directory.display());
    for note in &created.notes {
        output.push_str(&format!("  {note}\n"));
    }
    output.push_str(&format!("next: clause-cite compile {} -o corpus.ccc\n", directory.display()));
    Ok(output)
}
