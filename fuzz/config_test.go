package fuzz

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/report"
	"github.com/xldisk/xldisk/xlcfg"
	"github.com/xldisk/xldisk/xlfmt"
)

// FuzzConfigLint lints xl.cfg bytes (current or 2015 dialect, by the low bit
// of flags; Xen 4.17 or the newest release, by the next bit) and writes the
// result in every output format of package report (SARIF only when bits 2
// to 5 are all set, sarifFlags: a SARIF log holds the whole rule catalogue,
// and writing and checking it costs thirty times the rest of an execution;
// written for every input, it made the fuzzer twenty times slower).
// Properties:
//
//  1. nothing panics or hangs, no writer fails;
//  2. the JSON, SARIF and GitLab outputs are valid JSON, the Checkstyle
//     output valid XML, and JSON and GitLab hold every finding;
//  3. every finding has a registered rule and is located in the file
//     (Range.File is the path given): 0 <= offset <= end offset <= file
//     size, and line:column agree with each offset;
//  4. one finding per defect: no two findings have the same rule at the
//     same place;
//  5. the text and GitHub outputs have exactly one line per finding, then
//     one summary line (no message can break a line or forge an
//     annotation);
//  6. lint.Collapse keeps every warning and error, in order, and of the
//     info findings the first of each rule;
//  7. xlfmt.Fix applies or refuses each fixable finding, changes nothing
//     when it applies none, and otherwise gives a file that reads as an
//     xl.cfg with as many disk specs.
func FuzzConfigLint(f *testing.F) {
	f.Add([]byte("type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hde' ]\n"), byte(0))
	f.Add([]byte("disk = [ 'vdev=xvda,target=/a\\nb' ]\n# xldisk:ignore XLD999\n"), byte(1))
	f.Fuzz(func(t *testing.T, src []byte, flags byte) {
		checkConfigLint(t, src, flags)
	})
}

// sarifFlags are the FuzzConfigLint flag bits that select the SARIF output.
const sarifFlags = 0x3c

// lintOpts are the domain options a FuzzConfigLint flags byte selects.
func lintOpts(flags byte) domain.Options {
	var opts domain.Options
	if flags&1 != 0 {
		opts.Dialect = domain.Dialect2015
	}
	if flags&2 != 0 {
		opts.Xen = release.Xen417
	}
	return opts
}

func checkConfigLint(t testing.TB, src []byte, flags byte) {
	const path = "guest.cfg"
	r := lint.Config(path, src, lintOpts(flags))
	if r.Err != nil {
		// Only an unreadable file is an Err; bytes in memory always lint.
		t.Fatalf("Config returned Err %v", r.Err)
	}
	checkFileDiags(t, path, src, r.Diags)
	checkCollapse(t, r.Diags)
	checkFix(t, path, src, r.Diags, lintOpts(flags))
	files := []report.File{{Path: r.Path, Src: r.Src, Diags: r.Diags, Suppressed: r.Suppressed}}
	out := map[string]*bytes.Buffer{}
	for _, format := range report.Formats() {
		if format == "sarif" && flags&sarifFlags != sarifFlags {
			continue
		}
		var b bytes.Buffer
		if err := report.Write(&b, format, files, report.Meta{}); err != nil {
			t.Fatalf("report.Write %s: %v", format, err)
		}
		out[format] = &b
	}
	for _, format := range []string{"json", "sarif", "gitlab"} {
		if b := out[format]; b != nil && !json.Valid(b.Bytes()) {
			t.Fatalf("%s output is not valid JSON:\n%s", format, b.Bytes())
		}
	}
	if b := out["checkstyle"]; b != nil {
		dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("checkstyle output is not valid XML (%v):\n%s", err, b.Bytes())
			}
		}
	}
	var rep struct {
		Files []struct {
			Findings []json.RawMessage `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out["json"].Bytes(), &rep); err != nil || len(rep.Files) != 1 || len(rep.Files[0].Findings) != len(r.Diags) {
		t.Fatalf("JSON output does not hold the %d findings (err %v)", len(r.Diags), err)
	}
	if b := out["gitlab"]; b != nil {
		var issues []json.RawMessage
		if err := json.Unmarshal(b.Bytes(), &issues); err != nil || len(issues) != len(r.Diags) {
			t.Fatalf("GitLab output does not hold the %d findings (err %v)", len(r.Diags), err)
		}
	}
	for _, format := range []string{"text", "github"} {
		lines := findingLines(t, format, out[format].String(), len(r.Diags))
		for _, l := range lines {
			if format == "github" && !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
				t.Fatalf("GitHub output line is not an annotation: %q", l)
			}
			if format == "text" && !strings.HasPrefix(l, path+":") {
				t.Fatalf("text output line does not start with the file: %q", l)
			}
		}
	}
}

// findingLines returns the finding lines of a text or GitHub report of n
// findings: every line but the final summary, which is there when n > 0.
func findingLines(t testing.TB, format, out string, n int) []string {
	if n == 0 {
		if out != "" {
			t.Fatalf("%s output without findings: %q", format, out)
		}
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != n+1 || !strings.HasPrefix(lines[n], "xldisk: ") {
		t.Fatalf("%s output has %d lines for %d findings and a summary:\n%s", format, len(lines), n, out)
	}
	return lines[:n]
}

// checkFileDiags checks properties 3 and 4 of FuzzConfigLint for
// findings about the file path whose content is src.
func checkFileDiags(t testing.TB, path string, src []byte, l diag.List) {
	type key struct {
		rule       diag.RuleID
		start, end int
	}
	seen := map[key]bool{}
	for _, d := range l {
		if !d.Rule.IsRegistered() {
			t.Fatalf("finding %q has no registered rule", d.Error())
		}
		if d.Range == nil {
			continue
		}
		if d.Range.File != path || !d.Range.InFile() {
			t.Fatalf("%s: not located in %s: %v", d.Error(), path, d.Range)
		}
		checkPos(t, d, "start", src, d.Range.Start)
		checkPos(t, d, "end", src, d.Range.End)
		if d.Range.End.Offset < d.Range.Start.Offset {
			t.Fatalf("%s: end %v before start %v", d.Error(), d.Range.End, d.Range.Start)
		}
		k := key{d.Rule, d.Range.Start.Offset, d.Range.End.Offset}
		if seen[k] {
			t.Fatalf("%s reported twice at %v:\n%v", d.Rule, d.Range, l)
		}
		seen[k] = true
	}
}

// checkCollapse checks property 6 of FuzzConfigLint.
func checkCollapse(t testing.TB, l diag.List) {
	c := lint.Collapse(l)
	j := 0
	infos := map[diag.RuleID]bool{}
	for _, d := range l {
		if d.Severity == diag.Info {
			if infos[d.Rule] {
				continue
			}
			infos[d.Rule] = true
		}
		if j >= len(c) || c[j].Rule != d.Rule || c[j].Severity != d.Severity || c[j].Range.String() != d.Range.String() {
			t.Fatalf("Collapse of %v gives %v", l, c)
		}
		j++
	}
	if j != len(c) {
		t.Fatalf("Collapse of %v gives %v", l, c)
	}
}

// checkFix checks property 7 of FuzzConfigLint.
func checkFix(t testing.TB, path string, src []byte, l diag.List, opts domain.Options) {
	fixable := 0
	for _, d := range l {
		if xlfmt.Fixable(d) {
			fixable++
		}
	}
	res := xlfmt.Fix(path, src, l, opts)
	if len(res.Applied)+len(res.Refused) != fixable {
		t.Fatalf("Fix applied %d and refused %d of %d fixable findings", len(res.Applied), len(res.Refused), fixable)
	}
	if len(res.Applied) == 0 {
		if !bytes.Equal(res.Src, src) {
			t.Fatalf("Fix applied nothing but changed %q to %q", src, res.Src)
		}
		return
	}
	before, err1 := xlcfg.ParseWith(path, src, opts)
	after, err2 := xlcfg.ParseWith(path, res.Src, opts)
	if err1 != nil || err2 != nil {
		t.Fatalf("Fix applied %v: xlcfg says %v, then %v\ninput %q\nfixed %q", res.Applied, err1, err2, src, res.Src)
	}
	ds1, _ := before.DiskSpecs()
	ds2, _ := after.DiskSpecs()
	if len(ds1) != len(ds2) {
		t.Fatalf("Fix changed the number of disk specs from %d to %d\ninput %q\nfixed %q", len(ds1), len(ds2), src, res.Src)
	}
}

// checkPos checks that p is inside src and that its line and column match
// its offset.
func checkPos(t testing.TB, d diag.Diagnostic, what string, src []byte, p diag.Pos) {
	if p.Offset < 0 || p.Offset > len(src) {
		t.Fatalf("%s: %s offset %d outside the file (%d bytes)", d.Error(), what, p.Offset, len(src))
	}
	line := 1 + bytes.Count(src[:p.Offset], []byte("\n"))
	col := p.Offset - (bytes.LastIndexByte(src[:p.Offset], '\n') + 1) + 1
	if p.Line != line || p.Column != col {
		t.Fatalf("%s: %s %d:%d does not match offset %d (%d:%d)", d.Error(), what, p.Line, p.Column, p.Offset, line, col)
	}
}

// FuzzFmt formats xl.cfg bytes (xlfmt.Format). Properties: nothing panics;
// either Format refuses the file with an error, or
//
//  1. fmt(fmt(x)) == fmt(x), with as many refused specs;
//  2. the output reads as an xl.cfg with the same settings, in order, with
//     the same values apart from the disk list;
//  3. the disks of the output parse (diskspec.Parse) to disks equal
//     (go-cmp) to the disks of the input, and a spec that does not parse is
//     left as it was (and still fails).
func FuzzFmt(f *testing.F) {
	f.Add([]byte("disk = [ '/dev/vg/a,raw,xvda,rw', \"phy:/dev/b,xvdb,r\" ]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFmt(t, src)
	})
}

func checkFmt(t testing.TB, src []byte) {
	out, refusals, err := xlfmt.Format("guest.cfg", src, domain.Options{})
	if err != nil {
		return
	}
	again, refusals2, err := xlfmt.Format("guest.cfg", out, domain.Options{})
	if err != nil {
		t.Fatalf("Format of its own output fails: %v\ninput %q\noutput %q", err, src, out)
	}
	if !bytes.Equal(again, out) {
		t.Fatalf("Format is not idempotent:\ninput %q\nonce  %q\ntwice %q", src, out, again)
	}
	if len(refusals2) != len(refusals) {
		t.Fatalf("Format refuses %d specs, then %d of its output", len(refusals), len(refusals2))
	}
	for _, rf := range refusals {
		r := rf.Range
		if r == nil || !rf.Rule.IsRegistered() || r.Start.Offset < 0 || r.End.Offset < r.Start.Offset || r.End.Offset > len(src) {
			t.Fatalf("refusal %v outside the file (%d bytes) or without a rule", rf, len(src))
		}
	}
	before, err1 := xlcfg.Parse("guest.cfg", src)
	after, err2 := xlcfg.Parse("guest.cfg", out)
	if err1 != nil || err2 != nil {
		t.Fatalf("Format succeeded, but xlcfg.Parse says %v / %v", err1, err2)
	}
	if len(before.Settings) != len(after.Settings) {
		t.Fatalf("Format changed the number of settings: %d -> %d", len(before.Settings), len(after.Settings))
	}
	for i, s := range before.Settings {
		a := after.Settings[i]
		if s.Name != a.Name || s.Op != a.Op {
			t.Fatalf("setting %d changed from %s %s to %s %s", i, s.Name, s.Op, a.Name, a.Op)
		}
		if s.Name != "disk" && s.Value.Raw != a.Value.Raw {
			t.Fatalf("setting %s changed from %q to %q", s.Name, s.Value.Raw, a.Value.Raw)
		}
	}
	ds1, e1 := before.DiskSpecs()
	ds2, e2 := after.DiskSpecs()
	if (e1 == nil) != (e2 == nil) || len(ds1) != len(ds2) {
		t.Fatalf("Format changed the disk list: %d specs (%v) -> %d (%v)", len(ds1), e1, len(ds2), e2)
	}
	for i := range ds1 {
		if ds1[i].Ignored != ds2[i].Ignored || ds1[i].Index != ds2[i].Index {
			t.Fatalf("disk %d: Format changed whether xl reads it", i)
		}
		d1, err1 := diskspec.Parse(ds1[i].Spec)
		d2, err2 := diskspec.Parse(ds2[i].Spec)
		if err1 != nil {
			if ds1[i].Value.Raw != ds2[i].Value.Raw {
				t.Fatalf("disk %d does not parse (%v), but Format rewrote %q to %q", i, err1, ds1[i].Value.Raw, ds2[i].Value.Raw)
			}
			continue
		}
		if err2 != nil {
			t.Fatalf("disk %d: %q parses, its formatted %q does not: %v", i, ds1[i].Spec, ds2[i].Spec, err2)
		}
		if diff := cmp.Diff(d1, d2); diff != "" {
			t.Fatalf("disk %d: %q formatted as %q gives another disk (-before +after):\n%s", i, ds1[i].Spec, ds2[i].Spec, diff)
		}
	}
}
