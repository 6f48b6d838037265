//! Generates valid `.knxproj` files for tests and benchmarks.
