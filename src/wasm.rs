//! The JavaScript bindings: the only module that knows about JavaScript. (Being written.)
