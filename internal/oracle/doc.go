// Package oracle runs Xen 4.17's own libxlutil (Debian libxen-dev) as a test
// oracle for xldisk: it parses disk specs with xlu_disk_parse and prints them
// with libxl_device_disk_to_json exactly as `xl -N block-attach 0 SPEC...`
// does, reads xl.cfg files with xlu_cfg_readfile, and times both in C for
// side-by-side benchmarks.
//
// Everything except this file is cgo and is built only with the "oracle"
// build tag (go test -tags oracle ./...), so the library packages of the
// module stay pure Go. Without the tag the package is empty.
package oracle
