package main

// go test ./cmd/xldisk -update (internal/golden's flag) rewrites
// testdata/golden/{lint,fmt} and docs/rules.md from the current output.

// The goldens hold the version: pin it, whatever the build stamps.
func init() { version = "devel" }
