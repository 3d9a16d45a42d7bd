package main

// The calls of this file go into the packages being moved to the one
// pipeline (issue 9): diskspec, validate, qemuargs, explain and lint. They
// are kept here, each a few lines, so that the verbs do not depend on the
// shape of those APIs.

import (
	"io"
	"strconv"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/explain"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
)

// parseSpec parses the fragments of one disk spec for Xen release v
// (release.Default when zero).
func parseSpec(v release.Version, frags []string) (*diskspec.Disk, error) {
	_ = v // the disk-spec grammar is the same for every known release
	return diskspec.ParseArgs(frags...)
}

// explainSpecs writes the explanation of each spec, one disk of a domain,
// and reports whether libxl accepts them all without an error finding.
func explainSpecs(w io.Writer, specs []string, opts domain.Options) bool {
	return explain.Write(w, specs, opts)
}

// renderQemu runs the pipeline on the specs of an HVM domain: parse,
// validate (libxl's decisions), render; it returns QEMU's arguments, the
// findings (each with its disk index, in order) and false when some disk
// is refused.
func renderQemu(specs []string, opts domain.Options) ([]string, diag.List, bool) {
	var all diag.List
	var parsed []*diskspec.Parsed
	var index []int // parsed[k] is specs[index[k]]
	ok := true
	for i, s := range specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			ok = false
			if l := diskspec.AsErrorList(err); l != nil {
				for _, d := range l.Diagnostics() {
					all = append(all, onDisk(d, i))
				}
			} else {
				all = append(all, diag.New(lint.RuleSyntax, diag.InSpec(i, diag.NoSpan), "%v", err))
			}
			continue
		}
		parsed = append(parsed, p)
		index = append(index, i)
	}
	dom := validate.Domain(parsed, opts)
	for _, d := range dom.Diags {
		if k := d.Disk(); k >= 0 && k < len(index) {
			d = onDisk(d, index[k])
		}
		all = append(all, d)
	}
	if !dom.OK() {
		ok = false
	}
	res := qemuargs.Render(dom, opts)
	for _, d := range res.Diags {
		if k := d.Disk(); k >= 0 && k < len(index) {
			d = onDisk(d, index[k])
		}
		all = append(all, d)
	}
	return res.Args, all, ok
}

// onDisk returns d with its range moved to disk i.
func onDisk(d diag.Diagnostic, i int) diag.Diagnostic {
	r := diag.Range{Disk: i, Span: diag.NoSpan}
	if d.Range != nil {
		r = *d.Range
		r.Disk = i
	}
	d.Range = &r
	return d
}

// lintFile lints one config file for one Xen release.
func lintFile(path string, src []byte, opts domain.Options) lint.Result {
	return lint.Config(path, src, opts)
}

// showSpec returns a spec for a report line: as written, or Go-quoted when
// it holds a control byte (a newline in a spec must not start a new line of
// the report).
func showSpec(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return strconv.Quote(s)
		}
	}
	return s
}
