package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/validate"
)

func init() {
	register(&command{
		name:    "explain",
		summary: "explain how libxl reads disks: vdev, backend choice, xenstore nodes, findings",
		run:     runExplain,
	})
}

// runExplain parses each SPEC as one disk of a domain and explains it: the
// vdev decoding, the backend libxl chooses and why each other backend was
// refused, the xenstore nodes libxl writes and the diagnostics (including
// the rules across the disks). Exit 0 when no finding is an error, 1
// otherwise, 2 on usage errors.
func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	df := addDomainFlags(fs)
	hvm := fs.Bool("hvm", false, "the domain is HVM (type=\"hvm\"): CD-ROM rules and QEMU emulation limits apply")
	hdtype := fs.String("hdtype", "ide", "HVM disk controller: ide or ahci")
	hotplug := fs.Bool("hotplug", false, "the disks are hot-plugged with xl block-attach")
	domid := fs.Uint("domid", 1, "guest domain id used in xenstore paths")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xldisk explain [--probe-host] [--hvm] [--hdtype=ide|ahci] [--dialect=current|2015] [--hotplug] [--colo-side=none|primary|secondary] [--domid=N] SPEC...")
		fmt.Fprintln(stderr, "Each SPEC is one disk (a string of an xl.cfg disk list).")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	opts := validate.Options{HVM: *hvm, HDType: *hdtype, Hotplug: *hotplug, DomID: uint32(*domid)}
	if !df.apply("explain", stderr, &opts) {
		return 2
	}
	if *hdtype != "ide" && *hdtype != "ahci" {
		fmt.Fprintf(stderr, "xldisk explain: unknown hdtype %q (want ide or ahci)\n", *hdtype)
		return 2
	}
	if *domid == 0 || *domid >= 0x7FF0 {
		fmt.Fprintln(stderr, "xldisk explain: --domid must be a guest domain id, 1..32751")
		return 2
	}
	return explain(fs.Args(), opts, stdout)
}

func explain(specs []string, opts validate.Options, w io.Writer) int {
	status := 0
	out := make([]strings.Builder, len(specs)) // one report per spec, printed in order
	parsed := make([]*diskspec.Parsed, 0, len(specs))
	index := make([]int, 0, len(specs)) // spec index of each parsed disk
	for i, s := range specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			status = 1
			b := &out[i]
			fmt.Fprintf(b, "disk %d: %s\n", i, showSpec(s))
			fmt.Fprintln(b, "  rejected by the disk-spec parser (libxlu):")
			if l := diskspec.AsErrorList(err); l != nil {
				for _, d := range l.Diagnostics() {
					printDiag(b, []string{s}, d)
				}
			} else {
				fmt.Fprintf(b, "    error: %v\n", err)
			}
			continue
		}
		parsed = append(parsed, p)
		index = append(index, i)
	}
	results, _ := validate.Domain(parsed, opts)
	for k, r := range results {
		if !explainDisk(&out[index[k]], index[k], parsed[k], r, opts) {
			status = 1
		}
	}
	for i := range out {
		io.WriteString(w, out[i].String())
		if i < len(out)-1 {
			fmt.Fprintln(w)
		}
	}
	return status
}

// explainDisk writes the report of one parsed disk and reports whether
// libxl would accept it without an error finding.
func explainDisk(w io.Writer, i int, p *diskspec.Parsed, r validate.Result, opts validate.Options) bool {
	fmt.Fprintf(w, "disk %d: %s\n", i, showSpec(strings.Join(p.Frags, " ")))
	if r.VdevErr != nil {
		fmt.Fprintf(w, "  vdev: %v\n", r.VdevErr)
	} else {
		v := r.Vdev
		if v.Disk >= 0 {
			fmt.Fprintf(w, "  vdev: %s: %s naming, disk %d, partition %d, device number %d\n", v.Name, v.Kind, v.Disk, v.Partition, v.Number)
		} else {
			fmt.Fprintf(w, "  vdev: %s: plain device number %d\n", v.Name, v.Number)
		}
		if s, ok := validate.EmulatedSlot(p.Disk, v, opts); ok {
			fmt.Fprintf(w, "  emulated by QEMU as: %s\n", s)
		} else if opts.HVM {
			fmt.Fprintln(w, "  emulated by QEMU as: not emulated (PV drivers only)")
		}
	}
	for _, line := range strings.Split(strings.TrimRight(r.Choice.Explain(), "\n"), "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if r.Choice.OK() && r.VdevErr == nil {
		nodes, err := validate.XenstoreNodes(p.Disk, r.Choice.Backend, opts)
		if err != nil {
			fmt.Fprintf(w, "  xenstore: %v\n", err)
		} else {
			fmt.Fprintln(w, "  xenstore:")
			for _, line := range strings.Split(strings.TrimRight(nodes.String(), "\n"), "\n") {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
	}
	if len(r.Diags) == 0 {
		fmt.Fprintln(w, "  diagnostics: none")
	} else {
		fmt.Fprintln(w, "  diagnostics:")
		for _, d := range r.Diags {
			printDiag(w, p.Frags, d)
		}
	}
	return !r.Diags.HasErrors() && r.Choice.OK()
}

// printDiag prints a diagnostic and, when it has a span, the fragment with
// a caret line under the text it points at.
func printDiag(w io.Writer, frags []string, d diag.Diagnostic) {
	fmt.Fprintf(w, "    %s\n", d.Error())
	s := d.Span
	if !s.Valid() || s.Frag >= len(frags) || s.End() > len(frags[s.Frag]) || strings.ContainsAny(frags[s.Frag], "\n\t") {
		return
	}
	n := s.Len
	if n == 0 {
		n = 1
	}
	fmt.Fprintf(w, "      %s\n      %s%s\n", frags[s.Frag], strings.Repeat(" ", s.Offset), strings.Repeat("^", n))
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
