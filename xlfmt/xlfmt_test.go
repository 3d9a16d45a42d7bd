package xlfmt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/udiff"
	"github.com/xldisk/xldisk/xlcfg"
)

// settings returns a file's settings other than disk (raw text) and its
// disks (libxl JSON, or "error"), to compare two versions of a file.
func settings(name string, src []byte) (map[string]string, error) {
	f, err := xlcfg.Parse(name, src)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, s := range f.Settings {
		if s.Name != "disk" {
			out[s.Name] = s.Value.Raw
		}
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		return out, nil
	}
	for _, ds := range specs {
		key := fmt.Sprint("disk ", ds.Path)
		d, err := diskspec.Parse(ds.Spec)
		if err != nil {
			out[key] = "error"
			continue
		}
		j, _ := d.MarshalLibxlJSON()
		out[key] = string(j)
	}
	return out, nil
}

// checkSameConfig checks that two versions of a file give equal disks and
// equal other settings.
func checkSameConfig(t *testing.T, name string, a, b []byte) {
	t.Helper()
	fa, errA := settings(name, a)
	fb, errB := settings(name, b)
	if (errA == nil) != (errB == nil) {
		t.Fatalf("%s: %v vs %v", name, errA, errB)
	}
	if diff := cmp.Diff(fa, fb); diff != "" {
		t.Errorf("%s: settings or disks differ after Format (-before +after):\n%s", name, diff)
	}
}

func TestFormat(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.cfg")
	more, _ := filepath.Glob("../examples/broken/*.cfg")
	files = append(files, more...)
	more, _ = filepath.Glob("../xlcfg/testdata/cfgs/*.cfg")
	files = append(files, more...)
	rewritten := 0
	for _, fn := range files {
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		out, refusals, err := Format(fn, src, domain.Options{})
		if err != nil || len(refusals) > 0 {
			continue
		}
		if string(out) != string(src) {
			rewritten++
		}
		out2, ref2, err := Format(fn, out, domain.Options{})
		if err != nil || len(ref2) > 0 || string(out2) != string(out) {
			t.Errorf("%s: Format is not idempotent: %v %v\n%s", fn, err, ref2, udiff.Unified(fn, out, out2))
		}
		checkSameConfig(t, fn, src, out)
	}
	if rewritten < 5 {
		t.Errorf("only %d files rewritten", rewritten)
	}
}

func TestFormatRefuses(t *testing.T) {
	src := "disk = [ '/a,raw,xvda,w', '/b,xvdb,w', 12 ]\n"
	out, refusals, err := Format("t.cfg", []byte(src), domain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The first refusal points at "xvdb" (column 31), which is not a
	// format; the second at the number.
	if len(refusals) != 2 || refusals[0].Range.Start.Column != 31 || refusals[0].Range.End.Column != 35 ||
		refusals[0].Rule != diskspec.RuleFormat || refusals[1].Range.Start.Column != 40 ||
		refusals[1].Rule != diskspec.RuleUnformattable || !strings.Contains(refusals[1].Message, "number") {
		t.Errorf("refusals = %v", refusals)
	}
	if !strings.Contains(string(out), "'format=raw, vdev=xvda, access=rw, target=/a'") {
		t.Errorf("out = %s", out)
	}
	if _, _, err := Format("t.cfg", []byte("disk = [ 'a' 'b' ]\n"), domain.Options{}); err == nil {
		t.Errorf("Format accepted a syntax error")
	}
}

func TestFormatQuotes(t *testing.T) {
	src := "disk = [ \"/srv/it's,raw,xvda\", 'vdev=xvdb,target=/srv/it\\'s \"x\"' ]\n"
	out, refusals, err := Format("t.cfg", []byte(src), domain.Options{})
	if err != nil || len(refusals) > 0 {
		t.Fatal(err, refusals)
	}
	want := "disk = [ \"format=raw, vdev=xvda, access=rw, target=/srv/it's\", 'format=raw, vdev=xvdb, access=rw, target=/srv/it\\'s \"x\"' ]\n"
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	checkSameConfig(t, "t.cfg", []byte(src), out)
}

// TestFormatRefusalPositions checks that a refusal points at the offending
// text in the file, through the quotes and escapes of the string.
func TestFormatRefusalPositions(t *testing.T) {
	src := "name = \"g\"\ndisk = [ \"/a,raw,xvda,w\",\n   \"/srv/\\\"it\\\"s,qcow9,xvdb\" ]\n"
	_, refusals, err := Format("e.cfg", []byte(src), domain.Options{})
	if err != nil || len(refusals) != 1 {
		t.Fatalf("refusals %v, err %v", refusals, err)
	}
	r := refusals[0].Range
	if got := r.String(); got != "e.cfg:3:18" || src[r.Start.Offset:r.End.Offset] != "qcow9" {
		t.Errorf("refusal at %s (%q), want e.cfg:3:18 (\"qcow9\")", got, src[r.Start.Offset:r.End.Offset])
	}
	if refusals[0].Rule != diskspec.RuleFormat || r.Disk != 1 {
		t.Errorf("refusal %v is not the spec's parse error about disk 1", refusals[0])
	}
}

func TestQuote(t *testing.T) {
	for _, s := range []string{"plain", `it's "x"`, "a\\b", "line\nbreak\r"} {
		for _, q := range []byte{'\'', '"'} {
			if err := readsBack(xlcfg.Quote(s, q), s); err != nil {
				t.Errorf("Quote(%q, %c) = %s: %v", s, q, xlcfg.Quote(s, q), err)
			}
		}
	}
}
