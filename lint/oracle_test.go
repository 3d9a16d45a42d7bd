//go:build oracle

package lint

import (
	"fmt"
	"github.com/xldisk/xldisk/domain"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/internal/specgen"
)

// oracleSpecs returns single-fragment disk specs from diskspec's oracle
// corpus and from the generator, leaving out what an xl.cfg string cannot
// hold (NUL) and what Xen 4.17 does not know.
func oracleSpecs(t *testing.T, generated int) []string {
	t.Helper()
	f, err := os.Open("../diskspec/testdata/oracle-corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := specgen.ReadCorpus(f)
	if err != nil {
		t.Fatal(err)
	}
	g := specgen.New(17)
	for i := 0; i < generated; i++ {
		cases = append(cases, []string{g.SpecString()})
	}
	var out []string
	for _, c := range cases {
		if len(c) != 1 || strings.IndexByte(c[0], 0) >= 0 || specgen.Xen417Lacks(c) {
			continue
		}
		out = append(out, c[0])
	}
	return out
}

// TestOracleConfigDisks writes disk specs into xl.cfg files (both quote
// styles, escapes, comments and newlines between items) and checks against
// Xen 4.17's libxlutil that
//   - libxlu reads back exactly the specs xlcfg reads (xlu_cfg_readdata),
//   - lint reports a disk-spec syntax error (XLD0xx) for a disk exactly
//     when xlu_disk_parse rejects its spec,
//   - every spec that fmt rewrites parses, in libxlu, to the same libxl
//     JSON as the original.
func TestOracleConfigDisks(t *testing.T) {
	specs := oracleSpecs(t, 3000)
	r := rand.New(rand.NewSource(3))
	var configs, rejected, rewritten, refused int
	for start := 0; start < len(specs); start += 8 {
		batch := specs[start:min(start+8, len(specs))]
		var b strings.Builder
		b.WriteString("type = \"pv\"\ndisk = [")
		for i, s := range batch {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString([]string{" ", "\n  ", "\n  # a comment\n  ", "\n\n"}[r.Intn(4)])
			b.WriteString(quote(s, "'\""[r.Intn(2)]))
		}
		b.WriteString(" ]\n")
		data := []byte(b.String())
		name := fmt.Sprintf("batch%d.cfg", start/8)
		configs++

		got, err := oracle.CfgReadData(name, data, []string{"disk"})
		if err != nil {
			t.Fatalf("%s: libxlu rejects the config: %v\n%s", name, err, data)
		}
		if diff := strings.Join(got["disk"].Strings(), "\x00") != strings.Join(batch, "\x00"); diff {
			t.Fatalf("%s: libxlu reads disks %q, want %q", name, got["disk"].Strings(), batch)
		}

		res := Config(name, data, domain.Options{})
		syntax := map[int]bool{}
		for _, f := range res.Diags {
			if strings.HasPrefix(f.Rule, "XLD0") {
				syntax[f.Disk] = true
			}
			if f.Rule == RuleSyntax {
				t.Fatalf("%s: lint reports a syntax error libxlu does not: %v", name, f)
			}
		}
		want := map[int]string{}
		for i, s := range batch {
			out, _, rc := oracle.DiskParse([]string{s})
			if (rc != 0) != syntax[i] {
				t.Errorf("%s disk %d %q: libxlu rc %d, lint syntax finding %v\n%s", name, i, s, rc, syntax[i], dump(res))
			}
			if rc != 0 {
				rejected++
			} else {
				want[i] = out
			}
		}

		out, refusals, err := Format(name, data)
		if err != nil {
			t.Fatalf("%s: Format: %v", name, err)
		}
		refused += len(refusals)
		back, err := oracle.CfgReadData(name, out, []string{"disk"})
		if err != nil {
			t.Fatalf("%s: libxlu rejects the formatted config: %v\n%s", name, err, out)
		}
		for i, s := range back["disk"].Strings() {
			if s == batch[i] {
				continue
			}
			rewritten++
			o, _, rc := oracle.DiskParse([]string{s})
			if rc != 0 || o != want[i] {
				t.Errorf("%s disk %d: fmt rewrote %q as %q: libxlu gives rc %d\n%s\nwant\n%s", name, i, batch[i], s, rc, o, want[i])
			}
		}
	}
	t.Logf("oracle: %d specs in %d configs: libxlu read the same disk lists; %d rejected by xlu_disk_parse and flagged XLD0xx by lint, "+
		"the rest not; fmt rewrote %d specs to the same libxl JSON and refused %d", len(specs), configs, rejected, rewritten, refused)
	if rewritten < len(specs)/4 {
		t.Errorf("fmt rewrote only %d specs", rewritten)
	}
}
