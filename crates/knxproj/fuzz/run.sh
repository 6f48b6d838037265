#!/usr/bin/env bash
# Builds seed corpora from generated projects and runs both fuzz targets for SECONDS each
# (default 120). Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain the
# sanitizer flags are allowed through RUSTC_BOOTSTRAP.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-120}"
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/archive corpus/project_xml
gen() { cargo run -q --release --manifest-path ../Cargo.toml --example generate -- "$@"; }
gen corpus/archive/plain21.knxproj 3 10 21
gen corpus/archive/plain20.knxproj 3 10 20
gen corpus/archive/aes21.knxproj 2 4 21 test
gen corpus/archive/zipcrypto20.knxproj 2 4 20 test
unzip -p corpus/archive/plain21.knxproj P-0A1B/0.xml > corpus/project_xml/zero21.xml
unzip -p corpus/archive/plain20.knxproj P-0A1B/0.xml > corpus/project_xml/zero20.xml
for target in archive project_xml; do
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=200000 2>&1 | tail -n 3
done
