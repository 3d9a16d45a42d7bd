// Package explain says, for people, what libxl does with a domain's
// disks: how each vdev decodes, which backend libxl chooses and why it
// refused each other one, how QEMU emulates the disk and with which
// arguments, and every finding. It is the text of "xldisk explain" and
// the Markdown of the language server's hover; it decides nothing itself
// (validate does) and renders nothing itself (qemuargs does).
package explain

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/xenstore"
)

// Explanation is what libxl makes of a domain's disk specs.
type Explanation struct {
	// Specs are the disk specs, in order.
	Specs []string
	// Parse holds each spec's parse errors (nil when it parsed).
	Parse []diag.List
	// Plan is validate's plan for the specs that parsed; Index maps a plan
	// disk to its spec.
	Plan  *validate.Plan
	Index []int
	// QEMU is the device model's disk arguments (HVM guests).
	QEMU *qemuargs.Result
}

// Domain explains specs as the disk list of one domain with options opts.
func Domain(specs []string, opts domain.Options) *Explanation {
	x := &Explanation{Specs: specs, Parse: make([]diag.List, len(specs))}
	var parsed []*diskspec.Parsed
	for i, s := range specs {
		p, err := diskspec.ParseWith(opts, s)
		if err != nil {
			x.Parse[i] = parseErrors(err)
			continue
		}
		parsed = append(parsed, p)
		x.Index = append(x.Index, i)
	}
	x.Plan = validate.Domain(parsed, opts)
	if opts.HVM() {
		x.QEMU = qemuargs.Render(x.Plan)
	}
	return x
}

// parseErrors returns a parse error's diagnostics.
func parseErrors(err error) diag.List {
	if l := diag.AsList(err); l != nil {
		return l
	}
	return diag.List{diag.New(diskspec.RuleBadSyntax, nil, "%v", err)}
}

// OK reports whether every spec parsed and libxl would accept every disk
// without an error finding.
func (x *Explanation) OK() bool {
	for _, l := range x.Parse {
		if l != nil {
			return false
		}
	}
	return x.Plan.OK()
}

// disk returns the plan of spec i, or nil when it did not parse.
func (x *Explanation) disk(i int) *validate.DiskPlan {
	for k, j := range x.Index {
		if j == i {
			return &x.Plan.Disks[k]
		}
	}
	return nil
}

// args returns the QEMU arguments of plan disk k, or nil.
func (x *Explanation) args(k int) []string {
	if x.QEMU == nil {
		return nil
	}
	for _, d := range x.QEMU.Drives {
		if d.Disk == k {
			return d.Args
		}
	}
	return nil
}

// WriteText writes the report of every spec, as "xldisk explain" prints it.
func (x *Explanation) WriteText(w io.Writer) error {
	var b strings.Builder
	for i, s := range x.Specs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "disk %d: %s\n", i, showSpec(s))
		if x.Parse[i] != nil {
			b.WriteString("  rejected by the disk-spec parser (libxlu):\n")
			for _, d := range x.Parse[i] {
				writeDiag(&b, []string{s}, d)
			}
			continue
		}
		dp := x.disk(i)
		lines(&b, "  ", x.facts(dp))
		if len(dp.Diags) == 0 {
			b.WriteString("  diagnostics: none\n")
		} else {
			b.WriteString("  diagnostics:\n")
			for _, d := range dp.Diags {
				writeDiag(&b, dp.Parsed.Frags, d)
			}
		}
	}
	for _, d := range x.Plan.Diags {
		if d.Range == nil {
			fmt.Fprintf(&b, "domain: %s\n", d.Error())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// facts lists what libxl decided about one disk, one line each.
func (x *Explanation) facts(dp *validate.DiskPlan) []string {
	var out []string
	if !dp.VdevOK {
		out = append(out, "vdev: "+dp.Disk.VdevName()+": not decodable")
	} else {
		v := dp.Vdev
		if v.Disk >= 0 {
			out = append(out, fmt.Sprintf("vdev: %s: %s naming, disk %d, partition %d, device number %d", v.Name, v.Kind, v.Disk, v.Partition, v.Number))
		} else {
			out = append(out, fmt.Sprintf("vdev: %s: plain device number %d", v.Name, v.Number))
		}
	}
	if x.Plan.Options.HVM() {
		if e := dp.Emulation; e != nil {
			what := "disk"
			if e.Cdrom {
				what = "CD-ROM"
			}
			ro := ""
			if e.ReadOnly {
				ro = ", read-only"
			}
			col := ""
			if e.Colo != domain.ColoNone {
				col = ", COLO " + e.Colo.String()
			}
			out = append(out, fmt.Sprintf("emulated by QEMU as: %s on %s index %d%s%s", what, e.Bus, e.Index, ro, col))
			if a := x.args(dp.Index); a != nil {
				out = append(out, "QEMU arguments: "+strings.Join(quoteAll(a), " "))
			}
		} else {
			out = append(out, "emulated by QEMU as: not emulated (PV drivers only, or refused: see the findings)")
		}
	}
	out = append(out, strings.Split(strings.TrimRight(dp.Backend.Explain(), "\n"), "\n")...)
	if dp.Backend.OK() && dp.VdevOK {
		if nodes, err := xenstore.Nodes(dp.Disk, dp.Backend.Backend, x.Plan.Options); err != nil {
			out = append(out, "xenstore: "+err.Error())
		} else {
			out = append(out, "xenstore:")
			for _, l := range strings.Split(strings.TrimRight(nodes.String(), "\n"), "\n") {
				out = append(out, "  "+l)
			}
		}
	}
	return out
}

func quoteAll(a []string) []string {
	out := make([]string, len(a))
	for i, s := range a {
		out[i] = qemuargs.ShellQuote(s)
	}
	return out
}

func lines(b *strings.Builder, indent string, ls []string) {
	for _, l := range ls {
		b.WriteString(indent + l + "\n")
	}
}

// Markdown explains spec i for a hover: the decisions, the QEMU arguments
// and the findings, in Markdown.
func (x *Explanation) Markdown(i int) string {
	if i < 0 || i >= len(x.Specs) {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**disk %d** `%s`\n\n", i, strings.ReplaceAll(showSpec(x.Specs[i]), "`", "'"))
	if x.Parse[i] != nil {
		b.WriteString("Rejected by xl's disk-spec parser (libxlu):\n\n")
		for _, d := range x.Parse[i] {
			fmt.Fprintf(&b, "- %s\n", mdEscape(d.Error()))
		}
		return b.String()
	}
	dp := x.disk(i)
	for _, f := range x.facts(dp) {
		if f == "xenstore:" || strings.HasPrefix(f, "  ") {
			continue // the nodes are for xldisk explain, too long for a hover
		}
		if strings.HasPrefix(f, "QEMU arguments: ") {
			fmt.Fprintf(&b, "- QEMU arguments:\n\n  ```\n  %s\n  ```\n", strings.TrimPrefix(f, "QEMU arguments: "))
			continue
		}
		fmt.Fprintf(&b, "- %s\n", mdEscape(strings.TrimSpace(f)))
	}
	if len(dp.Diags) > 0 {
		b.WriteString("\nFindings:\n\n")
		for _, d := range dp.Diags {
			fmt.Fprintf(&b, "- %s\n", mdEscape(d.Error()))
		}
	}
	return b.String()
}

// mdEscape keeps Markdown from reading user text as markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "#", "\\#")
	return r.Replace(s)
}

// writeDiag writes a diagnostic and, when it has a span, the fragment with
// a caret line under the text it points at.
func writeDiag(b *strings.Builder, frags []string, d diag.Diagnostic) {
	fmt.Fprintf(b, "    %s\n", d.Error())
	s := d.Span()
	if !s.Valid() || s.Frag >= len(frags) || s.End() > len(frags[s.Frag]) || strings.ContainsAny(frags[s.Frag], "\n\t") {
		return
	}
	n := s.Len
	if n == 0 {
		n = 1
	}
	fmt.Fprintf(b, "      %s\n      %s%s\n", frags[s.Frag], strings.Repeat(" ", s.Offset), strings.Repeat("^", n))
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
