// Package bench holds xldisk's side-by-side benchmarks: our pure-Go parsers
// (diskspec, xlcfg) against Xen 4.17's libxlutil on the same inputs.
//
// The comparison with libxlutil needs cgo and the Debian libxen-dev package,
// so it is built only with the oracle tag:
//
//	go test -tags oracle -run SideBySide -v ./bench
//
// Without the tag, the ordinary Go benchmarks of this package still run
// (go test -bench . ./bench). The package has no non-test code.
package bench
