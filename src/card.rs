//! The card: what a `<clause-cite>` element shows for one citation, decided here so the
//! element only draws it. Given the author's attributes (the reference, the versions and the
//! sentence asked for, the author's own quote) and the reader's language, a [`CardView`] says
//! which versions to show in which order, the text of each (the quoted sentences, through the
//! sentence alignment, or the whole clause), the heading, the citation line, the divergence
//! note, where each version comes from, what to pass to `cite` for each version, and whether
//! the author's quote is what the source says ([`crate::quote`]).

use serde::{Deserialize, Serialize};

use crate::cite::names::{document_name, version_for, Language};
use crate::cite::{format, Citation, Resolver, Style};
use crate::model::{primary_language, Corpus, Document, Kind, Localized, Role};
use crate::quote::{locate_quote, match_quote, Located, QuoteDifference, QuoteStatus};
use crate::search::{Index, SearchOptions};
use crate::view::divergence_note;
use crate::{Error, ErrorCode, Result};

/// What the author wrote on the element, and the reader's language.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CardOptions {
    /// The `versions` attribute as written: version ids in display order (`zh en`).
    pub versions: Option<String>,
    /// The `sentence` attribute as written: a sentence or range of the first version shown.
    pub sentence: Option<String>,
    /// The language of the page around the card (the nearest `lang`): `en`, `zh-CN`, ….
    pub language: Option<String>,
    /// The author's own quote (the text of the fallback's blockquote), to check and to narrow
    /// the card to the quoted sentences.
    pub quote: Option<String>,
    /// Show the whole clause even when a sentence or a quote narrows it.
    pub whole: bool,
    /// Show first the version in the reader's language (the original, else the official
    /// translation, else another), then the original, two at most: what an auto-link's popup
    /// shows. Without it the card shows the original and the official translation.
    pub language_first: bool,
}

/// A text with the language it is written in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageText {
    pub text: String,
    pub lang: String,
}

/// A note for the author about an attribute the card could not follow: a key of the element's
/// strings (`note.versions-unknown`), the values to fill in, and the message in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardNote {
    pub attribute: String,
    pub key: String,
    pub values: std::collections::BTreeMap<String, String>,
    pub message: String,
}

/// One version of the clause as the card shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardVersion {
    pub id: String,
    pub lang: String,
    pub role: Role,
    pub title: String,
    pub publisher: Option<LanguageText>,
    pub source: Option<LanguageText>,
    /// The version's address, when it is an http(s) URL.
    pub url: Option<String>,
    /// What the card quotes: the chosen sentences, or the whole clause.
    pub text: String,
    /// The whole clause (or every clause of a range) in this version.
    pub whole: String,
    /// True when `text` is less than `whole`.
    pub partial: bool,
    /// The sentences quoted, 1-based and inclusive, in this version's own count.
    pub sentences: Option<[u16; 2]>,
}

/// A clause where the author's quote is found, when the card's own clause does not hold it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteSuggestion {
    pub id: String,
    pub cite: String,
}

/// How the author's quote compares with the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteCheck {
    pub status: QuoteStatus,
    /// The version whose text the quote was compared with (the best match).
    pub version: Option<String>,
    pub differences: Vec<QuoteDifference>,
    /// Clauses that hold the quote, when the cited clause does not.
    pub suggestions: Vec<QuoteSuggestion>,
    /// For the author: what was found, in English, in one sentence or two.
    pub message: String,
}

/// Everything a card shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardView {
    /// The clause's stable id (the first clause of a range).
    pub id: String,
    pub document: String,
    /// The last clause of a range.
    pub end: Option<String>,
    /// A reference `cite` reads back to exactly what the card shows, sentences included (with
    /// `version` set to the version quoted, the sentences are re-counted in that version).
    pub reference: String,
    /// The section the clause belongs to (or the document), in the reader's language.
    pub heading: LanguageText,
    /// Every version with text for the clause, the ones to show first, in order.
    pub versions: Vec<CardVersion>,
    /// The versions shown at first, in order.
    pub shown: Vec<String>,
    /// The short citation, in the reader's language, with the sentences.
    pub citation: LanguageText,
    /// What the versions do differently here, in the reader's language.
    pub divergence: Option<LanguageText>,
    /// Notes for the author about the attributes.
    pub notes: Vec<CardNote>,
    pub quote: Option<QuoteCheck>,
}

fn language_of(options: &CardOptions) -> Language {
    Language::of_tag(options.language.as_deref().unwrap_or("en"))
}

fn tag_of(language: Language) -> &'static str {
    match language {
        Language::Chinese => "zh-Hans",
        Language::English => "en",
    }
}

/// A localized value in the reader's language, else in English, else the first given; with the
/// language of the text picked.
fn pick(localized: &Localized, language: Language) -> Option<LanguageText> {
    let wanted = if language == Language::Chinese { "zh" } else { "en" };
    let (tag, text) = localized
        .texts
        .iter()
        .find(|(tag, _)| primary_language(tag) == wanted)
        .or_else(|| localized.texts.iter().find(|(tag, _)| primary_language(tag) == "en"))
        .or_else(|| localized.texts.first())?;
    (!text.is_empty()).then(|| LanguageText { text: text.clone(), lang: tag.clone() })
}

fn note(attribute: &str, key: &str, values: &[(&str, String)], message: String) -> CardNote {
    CardNote {
        attribute: attribute.to_string(),
        key: key.to_string(),
        values: values.iter().map(|(name, value)| (name.to_string(), value.clone())).collect(),
        message,
    }
}

/// The clauses a citation shows: the clause, or every clause of a range in reading order, from
/// its first clause through its last and what lies under the last.
fn clauses_of(document: &Document, citation: &Citation) -> Vec<usize> {
    let first = citation.clause as usize;
    match citation.end_clause {
        Some(end) if end as usize > first => {
            let mut last = end as usize;
            while last + 1 < document.clauses.len() && document.is_ancestor(end, last as u32 + 1) {
                last += 1;
            }
            (first..=last).collect()
        }
        _ => vec![first],
    }
}

/// The whole text of `clauses` in a version, paragraphs one blank line apart; `None` when the
/// version has none of them.
fn whole_text(document: &Document, clauses: &[usize], version: usize) -> Option<String> {
    let parts: Vec<&str> = clauses.iter().filter_map(|&index| document.text_of(&document.clauses[index], version)).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn is_cjk_language(tag: &str) -> bool {
    matches!(primary_language(tag).as_str(), "zh" | "ja" | "ko")
}

/// Builds the card for `reference`. `index` is the search index, used only to suggest where a
/// quote that the cited clause does not hold is found.
pub fn card_view(corpus: &Corpus, resolver: &Resolver<'_>, index: Option<&Index>, reference: &str, options: &CardOptions) -> Result<CardView> {
    let citation = resolver.resolve(reference)?;
    let document = &corpus.documents[citation.document as usize];
    let language = language_of(options);
    let clauses = clauses_of(document, &citation);
    let first_clause = &document.clauses[citation.clause as usize];
    let mut notes = Vec::new();

    // The versions with text here, and the ones to show.
    let available: Vec<usize> = (0..document.versions.len()).filter(|&version| whole_text(document, &clauses, version).is_some()).collect();
    if available.is_empty() {
        return Err(Error::new(ErrorCode::UnknownCitation, format!("The clause {} has no text in any version.", first_clause.id)));
    }
    let by_role = |role: Role| available.iter().copied().find(|&version| document.versions[version].role == role);
    let mut defaults: Vec<usize> = if options.language_first {
        let wanted = if language == Language::Chinese { "zh" } else { "en" };
        let rank = |role: Role| match role {
            Role::Original => 0,
            Role::OfficialTranslation => 1,
            Role::UnofficialTranslation => 2,
        };
        let in_language = available
            .iter()
            .copied()
            .filter(|&version| primary_language(&document.versions[version].lang) == wanted)
            .min_by_key(|&version| rank(document.versions[version].role));
        let mut list: Vec<usize> = [in_language, by_role(Role::Original)].into_iter().flatten().collect();
        list.dedup();
        list
    } else {
        [by_role(Role::Original), by_role(Role::OfficialTranslation)].into_iter().flatten().collect()
    };
    for &version in &available {
        if defaults.len() < 2 && !defaults.contains(&version) {
            defaults.push(version);
        }
    }
    let ids = |versions: &[usize]| versions.iter().map(|&version| document.versions[version].id.clone()).collect::<Vec<_>>().join(" ");
    let mut chosen: Vec<usize> = Vec::new();
    if let Some(raw) = options.versions.as_deref().filter(|raw| !raw.trim().is_empty()) {
        for token in raw.split(|character: char| character.is_whitespace() || character == ',').filter(|token| !token.is_empty()) {
            match document.version_index(token) {
                Some(version) if chosen.contains(&version) => {
                    notes.push(note(
                        "versions",
                        "note.versions-duplicate",
                        &[("value", token.to_string())],
                        format!("versions names “{token}” twice; it is shown once."),
                    ));
                }
                Some(version) if available.contains(&version) => chosen.push(version),
                Some(_) => notes.push(note(
                    "versions",
                    "note.versions-no-text",
                    &[("value", token.to_string())],
                    format!("the version “{token}” has no text for this clause; it is left out."),
                )),
                None => {
                    let valid = document.versions.iter().map(|version| version.id.clone()).collect::<Vec<_>>().join(", ");
                    notes.push(note(
                        "versions",
                        "note.versions-unknown",
                        &[("value", token.to_string()), ("valid", valid.clone())],
                        format!("“{token}” is not a version of this document (they are: {valid}); it is left out."),
                    ));
                }
            }
        }
        if chosen.is_empty() {
            let fallback = ids(&defaults);
            notes.push(note(
                "versions",
                "note.versions-empty",
                &[("value", raw.to_string()), ("fallback", fallback.clone())],
                format!("versions=“{raw}” names no version with text here; showing {fallback}."),
            ));
        }
    }
    if chosen.is_empty() {
        chosen = defaults;
    }
    let mut order = chosen.clone();
    order.extend(available.iter().copied().filter(|version| !chosen.contains(version)));

    // The sentences to quote, counted in one version: the `sentence` attribute (in the first
    // version shown), else the citation's own, else the sentences the author's quote covers.
    let mut sentences: Option<(usize, u16, u16)> = None;
    if let Some(raw) = options.sentence.as_deref().filter(|raw| !raw.trim().is_empty()) {
        let counted = chosen[0];
        let count = document.clause_text(first_clause, counted).map_or(0, |text| text.sentences.len());
        match parse_sentence_range(raw) {
            Some((first, last)) if clauses.len() == 1 && usize::from(last) <= count => sentences = Some((counted, first, last)),
            _ => notes.push(note(
                "sentence",
                "note.sentence",
                &[("value", raw.to_string()), ("count", count.max(1).to_string())],
                format!(
                    "sentence=“{raw}” is not a sentence or range of this clause, which has {} in the {} version; showing the whole clause.",
                    count.max(1),
                    document.versions[counted].id
                ),
            )),
        }
    } else if let Some((first, last)) = citation.sentences {
        sentences = Some((citation.version_hint.map_or(0, usize::from), first, last));
    }

    // The author's quote, against every version shown first, then the others.
    let mut quote_check = None;
    if let Some(quote) = options.quote.as_deref().filter(|quote| !quote.trim().is_empty()) {
        let (check, covered) = check_quote(corpus, document, &clauses, &order, index, quote);
        if sentences.is_none() && clauses.len() == 1 {
            sentences = covered;
        }
        quote_check = Some(check);
    }
    if options.whole {
        sentences = None;
    }

    let versions: Vec<CardVersion> = order
        .iter()
        .map(|&version| {
            let whole = whole_text(document, &clauses, version).unwrap_or_default();
            let picked = sentences.and_then(|(counted, first, last)| {
                // The version the sentences are counted in quotes exactly them; the others quote
                // the sentences that say the same, widened to whole alignment groups.
                let (from, to) = if version == counted {
                    (first - 1, last)
                } else {
                    crate::align::corresponding_sentences(document, first_clause, counted, first - 1, last).get(version).copied().flatten()?
                };
                let list: Vec<&str> = document.sentences_of(first_clause, version).collect();
                let slice = list.get(usize::from(from)..usize::from(to))?;
                (!slice.is_empty()).then(|| (slice.join(if is_cjk_language(&document.versions[version].lang) { "" } else { " " }), [from + 1, to]))
            });
            let described = &document.versions[version];
            let (text, quoted) = match picked {
                Some((text, range)) => (text, Some(range)),
                None => (whole.clone(), None),
            };
            CardVersion {
                id: described.id.clone(),
                lang: described.lang.clone(),
                role: described.role,
                title: described.title.clone(),
                publisher: pick(&described.publisher, language),
                source: pick(&described.source, language),
                url: described.url.clone().filter(|url| crate::store::is_safe_url(url)),
                partial: text != whole,
                text,
                whole,
                sentences: quoted,
            }
        })
        .collect();

    // The reference cite() reads back, with the sentences in their version's count.
    let mut shown_citation = citation;
    if let Some((counted, first, last)) = sentences {
        shown_citation.sentences = Some((first, last));
        shown_citation.version_hint = Some(counted as u16);
    } else {
        shown_citation.sentences = None;
    }
    let reference_text = format(corpus, &shown_citation, Style::Permalink, None)?.trim_start_matches('#').to_string();
    // The citation line counts sentences in the version that names clauses in the reader's
    // language (the official translation in English), where the alignment allows.
    let named_in = version_for(document, language).unwrap_or(0);
    let line = match shown_citation.sentences {
        None => format(corpus, &shown_citation, if language == Language::Chinese { Style::ShortZh } else { Style::Short }, None)?,
        Some(_) => match crate::cite::recount(document, &shown_citation, named_in) {
            Ok(recounted) => crate::cite::card_line(document, &recounted, named_in, language),
            // Sentences the reader's version does not align with are named in their own version.
            Err(_) => crate::cite::card_line(document, &shown_citation, shown_citation.version_hint.map_or(0, usize::from), language),
        },
    };

    let heading = heading(document, first_clause, language);
    let divergence_notes: Vec<String> = document
        .divergences
        .iter()
        .filter(|divergence| divergence.clauses.iter().any(|clause| clauses.contains(&(*clause as usize))))
        .map(|divergence| divergence_note(document, divergence, language))
        .collect();
    Ok(CardView {
        id: first_clause.id.clone(),
        document: document.id.clone(),
        end: citation.end_clause.map(|end| document.clauses[end as usize].id.clone()),
        reference: reference_text,
        heading,
        shown: chosen.iter().map(|&version| document.versions[version].id.clone()).collect(),
        versions,
        citation: LanguageText { text: line, lang: tag_of(language).to_string() },
        divergence: (!divergence_notes.is_empty()).then(|| LanguageText { text: divergence_notes.join(" "), lang: tag_of(language).to_string() }),
        notes,
        quote: quote_check,
    })
}

/// Reads `2` or `1-2` (any dash, spaces allowed): a 1-based inclusive range.
fn parse_sentence_range(raw: &str) -> Option<(u16, u16)> {
    let raw = raw.trim();
    let (first, last) = match raw.split_once(['-', '–', '—', '‒']) {
        Some((first, last)) => (first.trim(), last.trim()),
        None => (raw, raw),
    };
    let first: u16 = first.parse().ok()?;
    let last: u16 = last.parse().ok()?;
    (first >= 1 && last >= first).then_some((first, last))
}

/// The section the clause belongs to, or the document's title, in the reader's language.
fn heading(document: &Document, clause: &crate::model::Clause, language: Language) -> LanguageText {
    let version = version_for(document, language).unwrap_or(0);
    let title_in = |clause: &crate::model::Clause| {
        document.title_of(clause, version).or_else(|| document.title_of(clause, 0)).map(str::to_string).filter(|title| !title.is_empty())
    };
    let section = if clause.kind == Kind::Heading { title_in(clause) } else { clause.parent.and_then(|parent| title_in(&document.clauses[parent as usize])) };
    let lang_of = |text: &str| if text.chars().any(crate::text::is_cjk) { "zh-Hans" } else { "en" };
    match section {
        Some(text) => LanguageText { lang: lang_of(&text).to_string(), text },
        None => {
            let text = document_name(document, language);
            LanguageText { lang: lang_of(&text).to_string(), text }
        }
    }
}

/// Compares the author's quote with each version's text of the clauses (the best comparison
/// wins) and, when no version holds it, looks for the clauses that do. Returns the check and
/// the sentences the quote covers (counted in the version that holds it).
fn check_quote(
    corpus: &Corpus,
    document: &Document,
    clauses: &[usize],
    order: &[usize],
    index: Option<&Index>,
    quote: &str,
) -> (QuoteCheck, Option<(usize, u16, u16)>) {
    let rank = |status: QuoteStatus| match status {
        QuoteStatus::Exact => 0,
        QuoteStatus::Matches => 1,
        QuoteStatus::Differs => 2,
        QuoteStatus::TooLong => 3,
        QuoteStatus::NotFound => 4,
    };
    // First the cheap comparison in every version: a version that holds the quote, exactly or
    // within the foldings, wins (exact first, then in the order given), and the word-by-word
    // difference, which costs far more, is computed only when none does.
    let texts: Vec<(usize, String)> = order.iter().filter_map(|&version| whole_text(document, clauses, version).map(|text| (version, text))).collect();
    let mut best: Option<(usize, crate::quote::QuoteMatch)> = None;
    for (version, text) in &texts {
        let Located::Found(found) = locate_quote(quote, text) else { continue };
        if !found.status.holds() {
            continue;
        }
        let exact = found.status == QuoteStatus::Exact;
        if best.as_ref().is_none_or(|(_, known)| rank(found.status) < rank(known.status)) {
            best = Some((*version, found));
        }
        if exact {
            break;
        }
    }
    if best.is_none() {
        for (version, text) in &texts {
            let found = match_quote(quote, text);
            let better = match &best {
                None => true,
                Some((_, known)) => (rank(found.status), found.differences.len()) < (rank(known.status), known.differences.len()),
            };
            if better {
                best = Some((*version, found));
            }
        }
    }
    let Some((version, found)) = best else {
        return (
            QuoteCheck {
                status: QuoteStatus::NotFound,
                version: None,
                differences: Vec::new(),
                suggestions: Vec::new(),
                message: "The clause has no text to compare the quote with.".into(),
            },
            None,
        );
    };
    let version_id = document.versions[version].id.clone();
    // The sentences covering the quoted passage, when the card shows one clause.
    let covered = match (found.source_bytes, clauses) {
        (Some((start, end)), [only]) => {
            let clause = &document.clauses[*only];
            document.clause_text(clause, version).and_then(|given| {
                let offset = given.text.start as usize;
                let touched: Vec<usize> = given
                    .sentences
                    .iter()
                    .enumerate()
                    .filter(|(_, span)| (span.start as usize) < offset + end && (span.end as usize) > offset + start)
                    .map(|(position, _)| position)
                    .collect();
                match (touched.first(), touched.last()) {
                    // A quote of the whole clause narrows nothing.
                    (Some(&first), Some(&last)) if !(first == 0 && last + 1 == given.sentences.len()) => Some((version, first as u16 + 1, last as u16 + 1)),
                    _ => None,
                }
            })
        }
        _ => None,
    };
    let mut suggestions = Vec::new();
    if found.status == QuoteStatus::NotFound {
        if let Some(index) = index {
            suggestions = quote_elsewhere(corpus, index, quote);
        }
    }
    let message = match found.status {
        QuoteStatus::Exact | QuoteStatus::Matches => format!("The quote matches the {} text of {}.", version_id, document.clauses[clauses[0]].id),
        QuoteStatus::Differs => format!(
            "The quote differs from the {} text of {}: {}.",
            version_id,
            document.clauses[clauses[0]].id,
            found
                .differences
                .iter()
                .map(|difference| match (difference.quoted.is_empty(), difference.source.is_empty()) {
                    (false, false) => format!("“{}” where the source says “{}”", difference.quoted, difference.source),
                    (false, true) => format!("“{}” is not in the source", difference.quoted),
                    _ => format!("“{}” is left out without an ellipsis", difference.source),
                })
                .collect::<Vec<_>>()
                .join("; ")
        ),
        QuoteStatus::TooLong => format!("The quote is longer than {} characters and was not checked.", crate::quote::MAXIMUM_QUOTE_CHARACTERS),
        QuoteStatus::NotFound if suggestions.is_empty() => {
            format!("The quote is not in {} in any version, nor found elsewhere in the corpus.", document.clauses[clauses[0]].id)
        }
        QuoteStatus::NotFound => format!(
            "The quote is not in {} in any version; it is found in {}.",
            document.clauses[clauses[0]].id,
            suggestions.iter().map(|suggestion| format!("{} ({})", suggestion.cite, suggestion.id)).collect::<Vec<_>>().join("; ")
        ),
    };
    (QuoteCheck { status: found.status, version: Some(version_id), differences: found.differences, suggestions, message }, covered)
}

/// The clauses of the corpus whose text holds the quote, found with the search index and
/// checked with the quote rule: at most five.
fn quote_elsewhere(corpus: &Corpus, index: &Index, quote: &str) -> Vec<QuoteSuggestion> {
    // The longest piece between ellipses is the best query; search reads at most its first
    // hundred characters.
    let piece = quote.split(['…', '⋯']).flat_map(|piece| piece.split("...")).max_by_key(|piece| piece.chars().count()).unwrap_or(quote);
    let query: String = piece.chars().take(100).collect();
    let options = SearchOptions { limit: 10, ..SearchOptions::default() };
    let Ok(hits) = index.search(corpus, &query, &options) else { return Vec::new() };
    let mut found = Vec::new();
    for hit in hits {
        let Some(reference) = corpus.clause_by_id(&hit.id) else { continue };
        let document = corpus.document(reference);
        let clause = corpus.clause(reference);
        let holds = (0..document.versions.len()).any(|version| document.text_of(clause, version).is_some_and(|text| locate_quote(quote, text).holds()));
        if holds {
            found.push(QuoteSuggestion { id: hit.id.clone(), cite: hit.cite.clone() });
        }
        if found.len() == 5 {
            break;
        }
    }
    found
}
