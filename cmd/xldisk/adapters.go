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

// parseSpec parses the fragments of one disk spec as the libxlu of Xen
// release v does (release.Default when zero).
func parseSpec(v release.Version, frags []string) (*diskspec.Disk, error) {
	p, err := diskspec.ParseWith(domain.Options{Xen: v}, frags...)
	if err != nil {
		return nil, err
	}
	return p.Disk, nil
}

// parseReport is libxlu's report of a failed parse of frags.
func parseReport(frags []string, err error) string {
	return diskspec.Report("command line", frags, err)
}

// explainSpecs writes the explanation of each spec, one disk of a domain,
// and reports whether libxl accepts them all without an error finding.
func explainSpecs(w io.Writer, specs []string, opts domain.Options) bool {
	x := explain.Domain(specs, opts)
	x.WriteText(w)
	return x.OK()
}

// renderQemu runs the pipeline on the specs of an HVM domain: parse,
// validate (libxl's decisions), render; it returns QEMU's arguments, the
// findings (each on its spec's index, in order) and false when some spec
// does not parse.
func renderQemu(specs []string, opts domain.Options) ([]string, diag.List, bool) {
	var all diag.List
	var parsed []*diskspec.Parsed
	var index []int // parsed[k] is specs[index[k]]
	ok := true
	for i, s := range specs {
		p, err := diskspec.ParseWith(opts, s)
		if err != nil {
			ok = false
			l := diskspec.AsList(err)
			if l == nil {
				l = diag.List{diag.New(diskspec.RuleBadSyntax, nil, "%v", err)}
			}
			for _, d := range l {
				all = append(all, onDisk(d, i))
			}
			continue
		}
		parsed = append(parsed, p)
		index = append(index, i)
	}
	plan := validate.Domain(parsed, opts)
	for _, d := range plan.Diags {
		if k := d.Disk(); k >= 0 && k < len(index) {
			d = onDisk(d, index[k])
		}
		all = append(all, d)
	}
	return qemuargs.Render(plan).Args, all, ok
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

// lintFile lints one config file for the Xen releases vs (findings of
// some of them only carry their Releases).
func lintFile(path string, src []byte, opts domain.Options, vs []release.Version) lint.Result {
	return lint.ConfigAcross(path, src, opts, vs)
}

// collapse keeps the first info finding of each rule in a file (noting
// how many more there are), as lint prints them unless --verbose.
func collapse(l diag.List) diag.List { return lint.Collapse(l) }

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
