//! Unit tests of the session core on a manual clock and a scripted in-memory backend.
