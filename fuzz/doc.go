// Package fuzz holds xldisk's end-to-end tests: fuzz targets that run whole
// pipelines (disk specs through diskspec.ParseWith, validate.Domain and
// qemuargs.Render; xl.cfg files through the lint engine, every output format
// of package report, and the formatter xlfmt), the tests of every documented
// input limit (docs/limits.md: each limit works at its value and fails with
// a positioned error one past it; every read is bounded), linearity tests
// of time and memory in the input size, and pipeline benchmarks.
//
// The package has no exported API; everything is in its test files.
//
// The linearity test measures wall-clock time on inputs up to 1 MiB, so a
// plain "go test ./..." skips it; CI runs it in a step of its own with
//
//	XLDISK_SLOW_TESTS=1 go test -count=1 -run '^TestLinearity$' -v ./fuzz
//
// Seed corpora under testdata/fuzz, and the generated seeds (gen-*) of the
// other packages' fuzz targets, are rebuilt from the project's spec cases
// and configs with
//
//	go test ./fuzz -run TestSeeds -seeds
//
// Without -seeds, TestSeeds fails when a seed is missing or when a fuzz
// target of the module is neither seeded nor listed as not seeded.
package fuzz
