//go:build oracle

package oracle

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/release"
)

// cfgNames are the settings asked for in corpus comparisons.
var cfgNames = []string{"disk", "name", "memory", "maxmem", "vcpus", "type", "builder", "vif", "device_model_version",
	"device_model_stubdomain_override", "hdtype", "boot", "kernel", "extra", "never_set"}

// cfgCorpus returns the xl.cfg files of the repository's testdata and
// examples, and truncations of each (which exercise libxlu's error paths).
func cfgCorpus(t *testing.T) (names []string, datas [][]byte) {
	var files []string
	_ = filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".cfg" {
			files = append(files, p)
		}
		return nil
	})
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names, datas = append(names, f), append(datas, b)
		for cut := 7; cut < len(b); cut += 97 {
			names, datas = append(names, f+"#cut"), append(datas, b[:cut])
		}
	}
	return names, datas
}

// TestLibxluCfgCorpus: the 4.17 server reads every corpus config exactly as
// the cgo binding does (values and error reports); 4.20's differences
// from 4.17, if any, are listed.
func TestLibxluCfgCorpus(t *testing.T) {
	names, datas := cfgCorpus(t)
	if len(names) < 20 {
		t.Fatalf("only %d configs found", len(names))
	}
	l := LibxluOf(t, release.Xen417)
	bad := 0
	for i, n := range names {
		want, werr := CfgReadData(n, datas[i], cfgNames)
		got, gerr := l.CfgReadData(n, datas[i], cfgNames)
		if cmp.Diff(want, got) != "" || cmp.Diff(werr, gerr) != "" {
			bad++
			t.Errorf("%s: cgo %v %v, server %v %v", n, want, werr, got, gerr)
		}
	}
	diffs := 0
	for _, v := range Releases() {
		if v == release.Xen417 {
			continue
		}
		o := LibxluOf(t, v)
		for i, n := range names {
			a, aerr := l.CfgReadData(n, datas[i], cfgNames)
			b, berr := o.CfgReadData(n, datas[i], cfgNames)
			if cmp.Diff(a, b) != "" || cmp.Diff(aerr, berr) != "" {
				diffs++
				t.Logf("%s reads %s differently from 4.17: %v %v / %v %v", v, n, b, berr, a, aerr)
			}
		}
	}
	t.Logf("oracle: %d configs read alike by the 4.17 server and cgo; %d read differently by newer releases", len(names)-bad, diffs)
}
