//! The `clause-cite` command line: the same core as the npm package, for pipelines and for
//! checking the corpus by hand. Results go to stdout; errors go to stderr as one line, with
//! exit status 1 (2 for a malformed command line).
//!
//! The command line is native only. Cargo also builds it when the wasm integration tests
//! (`cargo test --target wasm32-unknown-unknown --test wasm`) are built, so for wasm32 the
//! crate is empty and has no `main`.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use clause_cite::corpus::Corpus;
use clause_cite::view::{clause_view, corpus_view};
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
  compile <dir> [-o <file>]   compile a corpus directory (corpus.json and its sources)

options:
  --corpus <file>             use a compiled corpus instead of the embedded default";

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
    "-o",
    "--style",
    "--limit",
    "--versions",
    "--within",
    "--documents",
    "--version",
    "--lang",
];

fn split_arguments(arguments: &[String]) -> Result<Arguments<'_>, Failure> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut index = 0;
    while index < arguments.len() {
        let argument = arguments[index].as_str();
        if argument.starts_with('-') && argument.len() > 1 && !argument.starts_with("-¶") {
            if VALUED.contains(&argument) {
                let value = arguments
                    .get(index + 1)
                    .ok_or_else(|| Failure::Usage(format!("{argument} needs a value")))?;
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
    Ok(Arguments {
        positional,
        options,
    })
}

impl Arguments<'_> {
    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(option, _)| *option == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(option, _)| *option == name)
            .and_then(|(_, value)| *value)
    }
}

fn load(arguments: &Arguments) -> Result<Corpus, Failure> {
    match arguments.value("--corpus") {
        None => clause_cite::default_corpus().map_err(|why| Failure::Error(why.message())),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|why| {
                Failure::Error(format!("cannot read corpus file '{path}': {why}"))
            })?;
            Corpus::from_bytes(&bytes)
                .map_err(|why| Failure::Error(format!("{path}: {}", why.message())))
        }
    }
}

/// The library's JSON (the same text the npm package parses), indented for people.
fn to_json<T: clause_cite::json::ToJson + ?Sized>(value: &T) -> Result<String, Failure> {
    let compact = clause_cite::json::to_json(value);
    let parsed: serde_json::Value = serde_json::from_str(&compact)
        .map_err(|why| Failure::Error(format!("the library wrote invalid JSON: {why}")))?;
    serde_json::to_string_pretty(&parsed)
        .map_err(|why| Failure::Error(format!("cannot write JSON: {why}")))
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
            let corpus = load(&arguments)?;
            let found = resolve(&corpus, reference)?;
            if command == "show" {
                Ok(show(&corpus, found))
            } else if arguments.flag("--json") {
                to_json(&clause_view(&corpus, found))
            } else {
                let view = clause_view(&corpus, found);
                Ok(format!("{}\t{}", view.id, view.cite))
            }
        }
        "compile" => {
            let directory = std::path::PathBuf::from(single(rest, command, "<dir>")?);
            let mut read = |relative: &str| {
                std::fs::read_to_string(directory.join(relative)).map_err(|why| why.to_string())
            };
            let corpus = clause_cite::compile::compile(&mut read).map_err(|why| {
                Failure::Error(format!("{}: {}", directory.display(), why.message))
            })?;
            let bytes = corpus.to_bytes();
            match arguments.value("-o") {
                Some(path) => {
                    std::fs::write(path, &bytes)
                        .map_err(|why| Failure::Error(format!("cannot write '{path}': {why}")))?;
                    Ok(format!("wrote {} bytes to {path}", bytes.len()))
                }
                None => Err(Failure::Usage(
                    "compile needs -o <file> for the compiled corpus".into(),
                )),
            }
        }
        "cite" => cite(&arguments, single(rest, command, "<ref>")?),
        "search" => search(&arguments, single(rest, command, "<query>")?),
        other => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

fn single<'a>(rest: &[&'a str], command: &str, what: &str) -> Result<&'a str, Failure> {
    match rest {
        [one] => Ok(one),
        [] => Err(Failure::Usage(format!("{command} needs {what}"))),
        _ => Err(Failure::Usage(format!(
            "{command} takes one {what}; quote a citation that has spaces"
        ))),
    }
}

/// Resolves a reference in any citation form the core reads (ids, official and blog
/// numbering, Chinese, section titles, paragraph and sentence selectors).
fn resolve(corpus: &Corpus, reference: &str) -> Result<clause_cite::ClauseRef, Failure> {
    let citation = clause_cite::cite::resolve(corpus, reference)
        .map_err(|error| Failure::Error(error.to_line()))?;
    Ok(clause_cite::ClauseRef {
        document: citation.document,
        clause: citation.clause,
    })
}

/// Formats a citation: `cite <ref> --style <style> [--version <v>]`.
fn cite(arguments: &Arguments, reference: &str) -> Result<String, Failure> {
    use clause_cite::cite::{format, resolve, Style};
    let style = Style::parse(arguments.value("--style").unwrap_or("short"))
        .map_err(|error| Failure::Error(error.to_line()))?;
    let corpus = load(arguments)?;
    let citation = resolve(&corpus, reference).map_err(|error| Failure::Error(error.to_line()))?;
    format(&corpus, &citation, style, arguments.value("--version"))
        .map_err(|error| Failure::Error(error.to_line()))
}

/// A clause as text for a human: its citation, then each version's label, title and text.
fn show(corpus: &Corpus, found: clause_cite::ClauseRef) -> String {
    let view = clause_view(corpus, found);
    let document = corpus.document(found);
    let mut output = format!("{}\n{}\n{}\n", view.id, view.cite, view.cite_zh);
    for version in &document.versions {
        output.push_str(&format!(
            "\n── {} · {} · {} ──\n",
            version.id,
            version.lang,
            version.role.as_str()
        ));
        match view.texts.get(&version.id) {
            Some(text) => {
                output.push_str(text);
                output.push('\n');
            }
            None => output.push_str("(this version has nothing for this clause)\n"),
        }
    }
    for divergence in &view.divergences {
        output.push_str(&format!(
            "\n! {} ({}): {}\n",
            divergence.kind, divergence.version, divergence.note
        ));
    }
    output
}

/// Runs a search: JSON hits with `--json`, else one line per hit (id, score, citation).
fn search(arguments: &Arguments, query: &str) -> Result<String, Failure> {
    use clause_cite::search::{Index, SearchOptions};
    let corpus = load(arguments)?;
    let list = |name: &str| -> Vec<String> {
        arguments
            .value(name)
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let limit = match arguments.value("--limit") {
        None => 10,
        Some(text) => text.trim().parse::<usize>().map_err(|_| {
            Failure::Usage(format!(
                "--limit takes a whole number from 1 to 1000, not '{text}'"
            ))
        })?,
    };
    let options = SearchOptions {
        limit,
        versions: list("--versions"),
        documents: list("--documents"),
        within: arguments.value("--within").map(str::to_string),
    };
    let index = Index::new(&corpus);
    let hits = index
        .search(&corpus, query, &options)
        .map_err(|why| Failure::Error(format!("{}: {}", why.code, why.message)))?;
    if arguments.flag("--json") {
        return to_json(&hits);
    }
    let mut output = String::new();
    for hit in &hits {
        output.push_str(&format!(
            "{}\t{}\t{}\t[{}]\n",
            hit.id,
            hit.score,
            hit.cite,
            hit.matched.join(",")
        ));
    }
    Ok(output)
}
