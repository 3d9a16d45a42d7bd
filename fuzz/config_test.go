package fuzz

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/xlcfg"
)

// FuzzConfigLint lints xl.cfg bytes (current or 2015 dialect, by the low bit
// of flags) and writes the result in every output format. Properties:
//
//  1. nothing panics or hangs, no writer fails;
//  2. the JSON and SARIF outputs are valid JSON;
//  3. every finding's start and end are inside the file (0 <= offset <=
//     end offset <= file size), and their line:column agree with the offset;
//  4. the text and GitHub outputs have exactly one line per finding (no
//     message can break a line or forge an annotation).
func FuzzConfigLint(f *testing.F) {
	f.Add([]byte("type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hde' ]\n"), byte(0))
	f.Add([]byte("disk = [ 'vdev=xvda,target=/a\\nb' ]\n# xldisk:ignore XLD999\n"), byte(1))
	f.Fuzz(func(t *testing.T, src []byte, flags byte) {
		checkConfigLint(t, src, flags)
	})
}

func checkConfigLint(t testing.TB, src []byte, flags byte) {
	opts := lint.Options{}
	if flags&1 != 0 {
		opts.Dialect = validate.Dialect2015
	}
	r := lint.Config("guest.cfg", src, opts)
	if r.Err != nil {
		// Only an unreadable file is an Err; bytes in memory always lint.
		t.Fatalf("Config returned Err %v", r.Err)
	}
	for _, fd := range r.Findings {
		checkPos(t, fd, "start", src, fd.Pos)
		checkPos(t, fd, "end", src, fd.End)
		if fd.End.Offset < fd.Pos.Offset {
			t.Fatalf("%s: end %v before start", fd, fd.End)
		}
	}
	results := []lint.Result{r}
	var text, js, sarif, gh bytes.Buffer
	if err := lint.WriteText(&text, results); err != nil {
		t.Fatal(err)
	}
	if err := lint.WriteJSON(&js, results); err != nil {
		t.Fatal(err)
	}
	if err := lint.WriteSARIF(&sarif, results, lint.SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := lint.WriteGitHub(&gh, results); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(js.Bytes()) {
		t.Fatalf("JSON output is not valid JSON:\n%s", js.Bytes())
	}
	if !json.Valid(sarif.Bytes()) {
		t.Fatalf("SARIF output is not valid JSON")
	}
	var rep struct {
		Files []struct {
			Findings []json.RawMessage `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil || len(rep.Files) != 1 || len(rep.Files[0].Findings) != len(r.Findings) {
		t.Fatalf("JSON output does not hold the %d findings (err %v)", len(r.Findings), err)
	}
	if n := strings.Count(text.String(), "\n"); n != len(r.Findings) {
		t.Fatalf("text output has %d lines for %d findings:\n%s", n, len(r.Findings), text.String())
	}
	lines := strings.Split(strings.TrimSuffix(gh.String(), "\n"), "\n")
	if gh.Len() == 0 {
		lines = nil
	}
	if len(lines) != len(r.Findings) {
		t.Fatalf("GitHub output has %d lines for %d findings", len(lines), len(r.Findings))
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
			t.Fatalf("GitHub output line is not an annotation: %q", l)
		}
	}
}

// checkPos checks that p is inside src and that its line and column match
// its offset.
func checkPos(t testing.TB, fd lint.Finding, what string, src []byte, p xlcfg.Position) {
	if p.Offset < 0 || p.Offset > len(src) {
		t.Fatalf("%s: %s offset %d outside the file (%d bytes)", fd, what, p.Offset, len(src))
	}
	line := 1 + bytes.Count(src[:p.Offset], []byte("\n"))
	col := p.Offset - (bytes.LastIndexByte(src[:p.Offset], '\n') + 1) + 1
	if p.Line != line || p.Column != col {
		t.Fatalf("%s: %s %d:%d does not match offset %d (%d:%d)", fd, what, p.Line, p.Column, p.Offset, line, col)
	}
}

// FuzzFmt formats xl.cfg bytes (lint.Format). Properties: nothing panics;
// either Format refuses the file with an error, or
//
//  1. fmt(fmt(x)) == fmt(x);
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
	out, refusals, err := lint.Format("guest.cfg", src)
	if err != nil {
		return
	}
	again, refusals2, err := lint.Format("guest.cfg", out)
	if err != nil {
		t.Fatalf("Format of its own output fails: %v\ninput %q\noutput %q", err, src, out)
	}
	if !bytes.Equal(again, out) {
		t.Fatalf("Format is not idempotent:\ninput %q\nonce  %q\ntwice %q", src, out, again)
	}
	if len(refusals2) != len(refusals) {
		t.Fatalf("Format refuses %d specs, then %d of its output", len(refusals), len(refusals2))
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
