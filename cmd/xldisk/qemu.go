package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
)

func init() {
	register(&command{
		name:    "qemu",
		summary: "print the QEMU -drive/-device arguments libxl builds for disks",
		run:     runQemu,
	})
}

// runQemu renders the QEMU arguments of an HVM domain whose disk list is
// the SPEC arguments, in order. Each disk is parsed (diskspec), gets its
// backend as libxl chooses it (validate), and is rendered (qemuargs).
// Arguments go to stdout, shell-quoted with one option and its value per
// line, or with --json as one JSON array of strings; diagnostics go to
// stderr. Exit 0 when no diagnostic is an error, 1 when some disk is
// invalid or refused, 2 on usage errors.
func runQemu(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("qemu", flag.ContinueOnError)
	fs.SetOutput(stderr)
	df := addDomainFlags(fs)
	hdtype := fs.String("hdtype", "ide", "hdtype of the domain: ide or ahci")
	stubdom := fs.Bool("stubdom", false, "the device model runs in a stub domain (/dev/xvdX, host_device)")
	asJSON := fs.Bool("json", false, "print the arguments as one JSON array of strings")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xldisk qemu [--colo-side=none|primary|secondary] [--dialect=current|2015] [--hdtype=ide|ahci] [--stubdom] [--json] [--probe-host] SPEC...")
		fmt.Fprintln(stderr, "Each SPEC is one disk of an HVM domain, in disk-list order.")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	var qopts qemuargs.Options
	vopts := validate.Options{HVM: true, HDType: *hdtype}
	if !df.apply("qemu", stderr, &vopts) {
		return 2
	}
	var err error
	if qopts.HDType, err = qemuargs.ParseHDType(*hdtype); err != nil {
		fmt.Fprintln(stderr, "xldisk qemu: --hdtype:", err)
		return 2
	}
	qopts.Dialect, qopts.ColoSide, qopts.Stubdom = vopts.Dialect, vopts.ColoSide, *stubdom

	status := 0
	specs := fs.Args()
	var parsed []*diskspec.Parsed
	var specIndex []int // parsed[i] is specs[specIndex[i]]
	for i, s := range specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			status = 1
			if l := diskspec.AsErrorList(err); l != nil {
				for _, d := range l.Diagnostics() {
					d.Disk = i
					printQemuDiag(stderr, specs, d)
				}
			} else {
				fmt.Fprintf(stderr, "disk %d (%s): %v\n", i, showSpec(s), err)
			}
			continue
		}
		parsed = append(parsed, p)
		specIndex = append(specIndex, i)
	}

	// libxl chooses each backend before it builds QEMU's arguments.
	results, _ := validate.Domain(parsed, vopts)
	seen := map[string]bool{}
	report := func(d diag.Diagnostic) {
		key := fmt.Sprintf("%s@%d:%v", d.Rule, d.Disk, d.Span)
		if seen[key] {
			return
		}
		seen[key] = true
		if d.Severity == diag.Error {
			status = 1
		}
		printQemuDiag(stderr, specs, d)
	}
	for i, r := range results {
		for _, d := range r.Diags {
			d.Disk = specIndex[i]
			report(d)
		}
		if !r.Choice.OK() {
			status = 1
		}
	}
	resolved, index := validate.Resolve(parsed, results)
	resolvedIndex := make([]int, len(index))
	for k, i := range index {
		resolvedIndex[k] = specIndex[i]
	}
	res := qemuargs.RenderParsed(resolved, qopts)
	for _, d := range res.Warnings {
		if d.Disk >= 0 && d.Disk < len(resolvedIndex) {
			d.Disk = resolvedIndex[d.Disk]
		}
		report(d)
	}

	if *asJSON {
		out := res.Args
		if out == nil {
			out = []string{}
		}
		b, _ := json.Marshal(out)
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		io.WriteString(stdout, qemuargs.FormatLines(res.Args))
	}
	return status
}

// printQemuDiag writes "disk N (SPEC): severity: message [RULE]", or without
// the disk for a domain-wide finding.
func printQemuDiag(w io.Writer, specs []string, d diag.Diagnostic) {
	if d.Disk >= 0 && d.Disk < len(specs) {
		fmt.Fprintf(w, "disk %d (%s): %s\n", d.Disk, showSpec(specs[d.Disk]), d.Error())
		return
	}
	fmt.Fprintf(w, "%s\n", d.Error())
}
