//! From source files to version texts: each version's lines are cut into blocks (runs of
//! non-blank lines, verbatim) and joined by a blank line into the version's text.

use crate::model::Span;

/// A block of a source file: a run of non-blank lines, verbatim, with its line numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceBlock {
    pub first_line: usize,
    pub last_line: usize,
    pub text: String,
}

/// True when a line holds nothing but white space (including no-break spaces and a CR).
pub fn is_blank(line: &str) -> bool {
    line.chars().all(super::forms::is_space)
}

/// Cuts lines `first..=last` (1-based) of a source file into blocks.
pub fn source_blocks(source: &str, first: usize, last: usize) -> Vec<SourceBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<SourceBlock> = None;
    for (index, line) in source.split('\n').enumerate() {
        let number = index + 1;
        if number < first || number > last {
            continue;
        }
        if is_blank(line) {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            continue;
        }
        match current.as_mut() {
            Some(block) => {
                block.text.push('\n');
                block.text.push_str(line);
                block.last_line = number;
            }
            None => current = Some(SourceBlock { first_line: number, last_line: number, text: line.to_string() }),
        }
    }
    if let Some(block) = current {
        blocks.push(block);
    }
    blocks
}

/// A version's text: its blocks joined by blank lines, with each block's span and first line.
#[derive(Clone, Debug, Default)]
pub struct VersionText {
    pub text: String,
    pub blocks: Vec<Span>,
    pub lines: Vec<usize>,
}

pub fn assemble(blocks: &[SourceBlock]) -> VersionText {
    let mut assembled = VersionText::default();
    for block in blocks {
        if !assembled.text.is_empty() {
            assembled.text.push_str("\n\n");
        }
        let start = assembled.text.len();
        assembled.text.push_str(&block.text);
        assembled.blocks.push(Span::new(start, assembled.text.len()));
        assembled.lines.push(block.first_line);
    }
    assembled
}

impl VersionText {
    /// The source line a byte offset of the text is on.
    pub fn line_at(&self, offset: usize) -> usize {
        let block = self.blocks.partition_point(|block| (block.start as usize) <= offset).saturating_sub(1);
        let Some(span) = self.blocks.get(block) else {
            return 0;
        };
        let before = self.text.get(span.start as usize..offset.max(span.start as usize)).unwrap_or("");
        self.lines[block] + before.matches('\n').count()
    }
}
