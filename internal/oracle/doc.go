// Package oracle runs the real Xen and QEMU code that xldisk must agree
// with, as test oracles, for two Debian releases at once:
//
//   - libxlutil 4.17 and QEMU 7.2 of this Debian 12 machine (libxen-dev,
//     qemu-system-x86);
//   - libxlutil 4.20 and QEMU 10.0 of a Debian 13 root at Root()
//     (/var/cache/xldisk/trixie, built by .ci/run with mmdebstrap).
//
// Releases lists the Xen releases available and LibxluOf(t, v) gives one's
// libxlutil: DiskParse and DiskParseBatch return exactly what
// `xl -N block-attach 0 FRAGS...` prints and its exit status,
// CfgReadData and CfgReadFile what xlu_cfg_readdata/readfile and the
// xlu_cfg_get_* functions give. A small C program (csrc/xlu_server.c),
// compiled against each release (inside the root with its own gcc) and
// started once per test binary, answers length-prefixed requests, so
// 10,000 specs take well under a second; a spec that crashes libxlu is
// reported as rc -1 with the signal. BuildLibxlProgramFor compiles other C
// programs against a release's static libxenlight (libxl__ internals).
//
// QEMUVersions lists the QEMU releases and QEMU(t, v) gives a runner that
// starts QEMU paused with QMP on stdio (Run for a scripted exchange, Start
// for an interactive one), the root's QEMU in a private mount namespace
// per process with /proc, /dev and the image directory mounted, so nothing
// stays mounted when it ends. A missing oracle skips the test, unless
// RequireEnv (set by .ci/run) lists it: then the test fails.
//
// The package-level cgo functions (DiskParse, DiskParseIsolated,
// CfgReadFile, CfgReadData, TimeDiskParse, TimeCfgReadFile,
// TimeCfgReadData, BuildLibxlProgram) link this machine's 4.17 directly.
//
// Everything except this file is built only with the "oracle" build tag
// (go test -tags oracle ./...), so the library packages of the module stay
// pure Go. Without the tag the package is empty.
package oracle
