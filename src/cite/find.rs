//! Finding citations inside running text, for the widget's auto-linking. The text is tokenized
//! once; a citation may start only at a canonical id, a capitalised name or "Part", or a Chinese
//! name or 第; from there the grammar reads at most a dozen components. A reading is kept only
//! when it resolves and carries a number (a part, a section label, a paragraph, a sentence), so
//! names alone ("the Peace Program"), bare brackets ("(1) sovereign equality") and years ("In
//! 2016, …") are never linked. The cost is linear in the text's length.

use super::parse::Mode;
use super::tables::Resolver;
use super::tokens::tokenize;
use super::Citation;

/// A citation found in running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundCitation {
    /// Where the citation starts and ends in the text, in UTF-16 code units.
    pub start_utf16: u32,
    pub end_utf16: u32,
    /// The citation as written.
    pub text: String,
    pub citation: Citation,
    /// The stable id of the (first) clause cited.
    pub id: String,
}

impl Resolver<'_> {
    /// Finds every citation in `text`, in order, without overlaps.
    pub fn find(&self, text: &str) -> Vec<FoundCitation> {
        let tokens = tokenize(text);
        let mut found = Vec::new();
        let mut position = 0;
        while position < tokens.len() {
            let reading = match self.read(&tokens, position, Mode::RunningText, text) {
                Ok(reading) if reading.numbered && reading.end > position => reading,
                _ => {
                    position += 1;
                    continue;
                }
            };
            let (Some(first), Some(last)) = (tokens.list.get(reading.start), tokens.list.get(reading.end - 1)) else {
                position += 1;
                continue;
            };
            let id = super::citation_id(self.corpus, &reading.citation);
            found.push(FoundCitation {
                start_utf16: first.utf16_start,
                end_utf16: last.utf16_end,
                text: String::from(text.get(first.start as usize..last.end as usize).unwrap_or("")),
                citation: reading.citation,
                id,
            });
            position = reading.end;
        }
        found
    }
}
