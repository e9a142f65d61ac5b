//! Citations: reading every way people cite a clause, and writing citations. (Being written.)
