//! Group address exports in ETS's own import formats.
