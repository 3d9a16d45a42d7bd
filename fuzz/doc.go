// Package fuzz holds xldisk's end-to-end tests: fuzz targets that run whole
// pipelines (disk specs through diskspec, validate and qemuargs; xl.cfg files
// through the lint engine, its output formats and the formatter), the tests
// of every documented input limit (docs/limits.md), linearity tests of time
// and memory in the input size, and pipeline benchmarks.
//
// The package has no exported API; everything is in its test files. Seed
// corpora under testdata/fuzz are rebuilt from the project's specs and
// configs with
//
//	go test ./fuzz -run TestSeeds -seeds
package fuzz
