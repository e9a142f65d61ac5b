//! Search over all versions of every clause. (Being written.)
