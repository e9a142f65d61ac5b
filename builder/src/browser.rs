//! Where Rust touches the browser, as the stack intends (web-sys, gloo-file, gloo-timers), for
//! measuring against the page's JavaScript: reading a dropped file in Rust, and debouncing
//! compiles with a Rust timer. Built only with the `gloo` feature (bench/builder.mjs --gloo); the
//! page ships without it because, measured, it adds bytes and saves no time (see the bench).

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

use crate::draft;

/// Reads a dropped or opened file with gloo-file and decodes it as the compiler reads a source,
/// or rejects with `{ code, message }` saying why it is not a text.
#[wasm_bindgen(js_name = readFile)]
pub async fn read_file(file: web_sys::File) -> Result<String, JsValue> {
    let name = file.name();
    let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
    let bytes = gloo_file::futures::read_as_bytes(&blob).await.map_err(|why| JsValue::from_str(&format!("{name}: the file could not be read ({why})")))?;
    draft::decode(&name, bytes).map_err(|error| crate::to_js(&error).unwrap_or_else(|why| why))
}

/// Compiles the latest draft once `delay` milliseconds pass without a newer one (gloo-timers),
/// then calls `done(error, review)`.
#[wasm_bindgen]
pub struct DebouncedBuild {
    delay: u32,
    done: js_sys::Function,
    pending: Option<Timeout>,
}

#[wasm_bindgen]
impl DebouncedBuild {
    #[wasm_bindgen(constructor)]
    pub fn new(delay: u32, done: js_sys::Function) -> DebouncedBuild {
        DebouncedBuild { delay, done, pending: None }
    }

    /// Replaces the pending draft; dropping the previous timeout cancels it.
    pub fn schedule(&mut self, draft: JsValue) {
        let done = self.done.clone();
        self.pending = Some(Timeout::new(self.delay, move || {
            let outcome = crate::build_draft(draft).and_then(|build| build.review());
            let _ = match outcome {
                Ok(review) => done.call2(&JsValue::NULL, &JsValue::NULL, &review),
                Err(error) => done.call2(&JsValue::NULL, &error, &JsValue::NULL),
            };
        }));
    }
}
