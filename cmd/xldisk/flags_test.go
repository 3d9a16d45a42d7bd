package main

import "flag"

// update is the -update flag shared by this package's golden-file tests:
// go test ./cmd/xldisk -update rewrites testdata/golden/{lint,fmt} and
// docs/rules.md from the current output.
var update = flag.Bool("update", false, "rewrite golden files and docs/rules.md")

// The goldens hold the version: pin it, whatever the build stamps.
func init() { version = "devel" }
