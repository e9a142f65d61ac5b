//! JSON text for every result the library hands out: the views of clauses, documents and the
//! corpus, search hits and found citations. The CLI prints it and the wasm bindings return it
//! for JavaScript to `JSON.parse`, so both show one shape.
//!
//! It is written by hand rather than with serde: in the wasm build serde's generic serializers
//! and serde-wasm-bindgen cost about 20 KB, this writer about 2 KB, and `JSON.parse` builds the
//! JavaScript objects faster than property-by-property conversion across the boundary.

use crate::prelude::*;

use crate::numbers::push_decimal;
use crate::search::{Hit, Snippet};
use crate::view::{ClauseView, CorpusView, DivergenceView, DocumentView, VersionMap, VersionView};

/// A value that can write itself as JSON.
pub trait ToJson {
    fn write_json(&self, json: &mut JsonWriter);
}

/// Serialises `value` as compact JSON text.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut json = JsonWriter::default();
    value.write_json(&mut json);
    json.text
}

/// Builds JSON text, inserting the commas between members and elements itself.
#[derive(Default)]
pub struct JsonWriter {
    pub text: String,
    /// True when the next value or key follows another one in the same object or array.
    needs_comma: bool,
}

impl JsonWriter {
    fn separate(&mut self) {
        if self.needs_comma {
            self.text.push(',');
        }
        self.needs_comma = true;
    }

    pub fn begin_object(&mut self) {
        self.separate();
        self.text.push('{');
        self.needs_comma = false;
    }

    pub fn end_object(&mut self) {
        self.text.push('}');
        self.needs_comma = true;
    }

    pub fn begin_array(&mut self) {
        self.separate();
        self.text.push('[');
        self.needs_comma = false;
    }

    pub fn end_array(&mut self) {
        self.text.push(']');
        self.needs_comma = true;
    }

    /// Writes an object member's name; the member's value must follow.
    pub fn key(&mut self, name: &str) {
        self.string(name);
        self.text.push(':');
        self.needs_comma = false;
    }

    /// Writes a string, escaping quotes, backslashes and control characters.
    pub fn string(&mut self, value: &str) {
        self.separate();
        self.text.push('"');
        for character in value.chars() {
            match character {
                '"' => self.text.push_str("\\\""),
                '\\' => self.text.push_str("\\\\"),
                '\n' => self.text.push_str("\\n"),
                '\r' => self.text.push_str("\\r"),
                '\t' => self.text.push_str("\\t"),
                '\u{0}'..='\u{1F}' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.text.push_str("\\u00");
                    self.text.push(HEX[(character as usize) >> 4] as char);
                    self.text.push(HEX[(character as usize) & 15] as char);
                }
                _ => self.text.push(character),
            }
        }
        self.text.push('"');
    }

    pub fn number(&mut self, value: u64) {
        self.separate();
        push_decimal(&mut self.text, value);
    }

    /// Writes a non-negative fraction rounded to four decimals (search scores); anything that is
    /// not a finite, non-negative number is written as 0.
    pub fn fraction(&mut self, value: f64) {
        self.separate();
        let scaled = if value.is_finite() && value > 0.0 {
            (value * 10_000.0 + 0.5) as u64
        } else {
            0
        };
        push_decimal(&mut self.text, scaled / 10_000);
        let mut decimals = scaled % 10_000;
        if decimals > 0 {
            self.text.push('.');
            let mut place = 1_000;
            while decimals > 0 {
                self.text.push((b'0' + (decimals / place) as u8) as char);
                decimals %= place;
                place /= 10;
            }
        }
    }

    pub fn null(&mut self) {
        self.separate();
        self.text.push_str("null");
    }

    /// A member whose value is a string.
    pub fn string_member(&mut self, name: &str, value: &str) {
        self.key(name);
        self.string(value);
    }

    /// A member whose value is a string or `null`.
    pub fn optional_member(&mut self, name: &str, value: Option<&str>) {
        self.key(name);
        match value {
            Some(value) => self.string(value),
            None => self.null(),
        }
    }

    pub fn number_member(&mut self, name: &str, value: u64) {
        self.key(name);
        self.number(value);
    }

    /// A member whose value is any [`ToJson`] value.
    pub fn member<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        self.key(name);
        value.write_json(self);
    }
}

impl ToJson for str {
    fn write_json(&self, json: &mut JsonWriter) {
        json.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, json: &mut JsonWriter) {
        json.string(self);
    }
}

impl ToJson for u16 {
    fn write_json(&self, json: &mut JsonWriter) {
        json.number(u64::from(*self));
    }
}

impl ToJson for u32 {
    fn write_json(&self, json: &mut JsonWriter) {
        json.number(u64::from(*self));
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_array();
        for item in self {
            item.write_json(json);
        }
        json.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, json: &mut JsonWriter) {
        self.as_slice().write_json(json);
    }
}

impl<T: ToJson, const LENGTH: usize> ToJson for [T; LENGTH] {
    fn write_json(&self, json: &mut JsonWriter) {
        self.as_slice().write_json(json);
    }
}

/// A map keyed by version id is a JSON object, in the document's version order.
impl<T: ToJson> ToJson for VersionMap<T> {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        for (version, value) in &self.entries {
            json.member(version, value);
        }
        json.end_object();
    }
}

impl ToJson for VersionView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.string_member("id", &self.id);
        json.string_member("lang", &self.lang);
        json.string_member("role", self.role);
        json.string_member("title", &self.title);
        json.string_member("publisher", &self.publisher);
        json.string_member("source", &self.source);
        json.string_member("date", &self.date);
        json.optional_member("url", self.url.as_deref());
        json.end_object();
    }
}

impl ToJson for DivergenceView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.string_member("kind", self.kind);
        json.string_member("version", &self.version);
        json.member("clauses", &self.clauses);
        json.string_member("note", &self.note);
        json.end_object();
    }
}

impl ClauseView {
    /// Writes the clause's members into an object the caller has begun, so a larger result (the
    /// lookup's) can add members of its own beside them.
    pub fn write_members(&self, json: &mut JsonWriter) {
        json.string_member("id", &self.id);
        json.string_member("document", &self.document);
        json.string_member("kind", self.kind);
        json.string_member("level", self.level);
        json.number_member("number", u64::from(self.number));
        json.optional_member("parent", self.parent.as_deref());
        json.member("children", &self.children);
        json.string_member("cite", &self.cite);
        json.string_member("cite_zh", &self.cite_zh);
        json.member("label", &self.label);
        json.member("title", &self.title);
        json.member("texts", &self.texts);
        json.member("sentences", &self.sentences);
        json.member("sentence_groups", &self.sentence_groups);
        json.member("divergences", &self.divergences);
    }
}

impl ToJson for ClauseView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        self.write_members(json);
        json.end_object();
    }
}

impl ToJson for DocumentView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.string_member("id", &self.id);
        json.member("title", &self.title);
        json.member("versions", &self.versions);
        // A summary (without clauses) leaves both lists out rather than writing them empty.
        if !self.clauses.is_empty() {
            json.member("clauses", &self.clauses);
        }
        if !self.divergences.is_empty() {
            json.member("divergences", &self.divergences);
        }
        json.end_object();
    }
}

impl ToJson for CorpusView {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.string_member("id", &self.id);
        json.string_member("title", &self.title);
        json.member("documents", &self.documents);
        json.end_object();
    }
}

impl ToJson for Snippet {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.string_member("text", &self.text);
        json.member("highlights", &self.highlights);
        json.number_member("start", u64::from(self.start));
        json.number_member("end", u64::from(self.end));
        json.end_object();
    }
}

impl ToJson for Hit {
    fn write_json(&self, json: &mut JsonWriter) {
        json.begin_object();
        json.string_member("id", &self.id);
        json.key("score");
        json.fraction(self.score);
        json.string_member("cite", &self.cite);
        json.member("matched", &self.matched);
        json.member("snippets", &self.snippets);
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_commas_placed() {
        let mut json = JsonWriter::default();
        json.begin_object();
        json.string_member("text", "a \"quote\" \\ and\ta\u{1}line\n");
        json.member("list", &vec![1u32, 20, 300]);
        json.optional_member("none", None);
        json.key("score");
        json.fraction(2.50004);
        json.key("small");
        json.fraction(0.05);
        json.end_object();
        assert_eq!(
            json.text,
            r#"{"text":"a \"quote\" \\ and\ta\u0001line\n","list":[1,20,300],"none":null,"score":2.5,"small":0.05}"#
        );
    }
}
