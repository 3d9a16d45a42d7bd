//go:build oracle

package lint

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/internal/specgen"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/xlcfg"
)

// oracleMaxParam is the longest disk-spec parameter the oracle is given:
// libxlutil's scanner crashes on one of 16384 bytes or more (XLD116).
const oracleMaxParam = 16383

// oracleSpecs returns single-fragment disk specs from diskspec's oracle
// corpus and from the generator with every keyword any libxlu knows
// (specgen.Options.Libxlu), leaving out what an xl.cfg string cannot hold
// (NUL) and what crashes libxlu (a parameter of 16384 bytes or more).
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
	g := specgen.NewWithOptions(17, specgen.Options{Libxlu: true, MaxFrags: 1})
	for i := 0; i < generated; i++ {
		cases = append(cases, g.Spec())
	}
	var out []string
	for _, c := range cases {
		if len(c) != 1 || strings.IndexByte(c[0], 0) >= 0 || specgen.LibxluLacks(c) || longParam(c[0]) {
			continue
		}
		out = append(out, c[0])
	}
	return out
}

// longParam reports whether some comma-separated part of s is longer than
// oracleMaxParam (a generous test: the scanner's parameters are no longer
// than the text between two commas, or after target=, the rest).
func longParam(s string) bool {
	for _, p := range strings.Split(s, ",") {
		if len(p) > oracleMaxParam {
			return true
		}
	}
	return false
}

// TestOracleConfigDisks writes disk specs into xl.cfg files (both quote
// styles, escapes, comments and newlines between items) and checks,
// against the libxlutil of every Xen release available (4.17 here, 4.20
// in the Debian 13 root), with lint judging for that release, that
//   - libxlu reads back exactly the specs xlcfg reads (xlu_cfg_readdata),
//   - lint reports a disk-spec syntax error (XLD0xx) for a disk exactly
//     when that release's xlu_disk_parse rejects its spec, and no xl.cfg
//     syntax error (XLD300).
func TestOracleConfigDisks(t *testing.T) {
	vs := oracle.Releases()
	if len(vs) == 0 {
		t.Skip("no libxlutil oracle available")
	}
	specs := oracleSpecs(t, 3000)
	for _, v := range vs {
		t.Run(v.String(), func(t *testing.T) { testOracleConfigDisks(t, v, specs) })
	}
}

// oracleConfig is an xl.cfg holding disk specs specs[start:start+len(batch)].
type oracleConfig struct {
	name  string
	data  []byte
	start int
	batch []string
}

// oracleConfigs puts the specs, eight at a time, into xl.cfg disk lists.
func oracleConfigs(specs []string) []oracleConfig {
	r := rand.New(rand.NewSource(3))
	var out []oracleConfig
	for start := 0; start < len(specs); start += 8 {
		batch := specs[start:min(start+8, len(specs))]
		var b strings.Builder
		b.WriteString("type = \"pv\"\ndisk = [")
		for i, s := range batch {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString([]string{" ", "\n  ", "\n  # a comment\n  ", "\n\n"}[r.Intn(4)])
			q, _ := quoteMapped(r, s, "'\""[r.Intn(2)])
			b.WriteString(q)
		}
		b.WriteString(" ]\n")
		out = append(out, oracleConfig{fmt.Sprintf("batch%d.cfg", start/8), []byte(b.String()), start, batch})
	}
	return out
}

// oracleParse is each spec's outcome in libxlu v.
func oracleParse(t *testing.T, v release.Version, specs []string) []oracle.DiskResult {
	batches := make([][]string, 0, len(specs))
	for _, s := range specs {
		batches = append(batches, []string{s})
	}
	return oracle.LibxluOf(t, v).DiskParseBatch(batches)
}

func testOracleConfigDisks(t *testing.T, v release.Version, specs []string) {
	lib := oracle.LibxluOf(t, v)
	parsed := oracleParse(t, v, specs)
	var configs, rejected, bad int
	for _, cf := range oracleConfigs(specs) {
		name, data, start, batch := cf.name, cf.data, cf.start, cf.batch
		configs++

		got, err := lib.CfgReadData(name, data, []string{"disk"})
		if err != nil {
			t.Fatalf("%s: libxlu %s rejects the config: %v\n%s", name, v, err, data)
		}
		if strings.Join(got["disk"].Strings(), "\x00") != strings.Join(batch, "\x00") {
			t.Fatalf("%s: libxlu %s reads disks %q, want %q", name, v, got["disk"].Strings(), batch)
		}

		res := Config(name, data, domain.Options{Xen: v})
		if res.Err != nil {
			t.Fatalf("%s: %v", name, res.Err)
		}
		syntax := map[int]bool{}
		for _, f := range res.Diags {
			if strings.HasPrefix(f.Rule.String(), "XLD0") {
				syntax[f.Disk()] = true
			}
			if f.Rule == xlcfg.RuleSyntax {
				t.Fatalf("%s: lint reports an xl.cfg syntax error libxlu %s does not: %v", name, v, f)
			}
		}
		for i, s := range batch {
			p := parsed[start+i]
			if p.RC == -1 {
				t.Fatalf("%s disk %d %q: libxlu %s crashed: %s", name, i, s, v, p.Stderr)
			}
			if (p.RC != 0) != syntax[i] {
				bad++
				if bad <= 10 {
					t.Errorf("%s disk %d %q: libxlu %s rc %d, lint syntax finding %v\n%s", name, i, s, v, p.RC, syntax[i], dump(res))
				}
			}
			if p.RC != 0 {
				rejected++
			}
		}
	}
	t.Logf("oracle: %d specs in %d configs: libxlutil %s read the same disk lists; %d rejected by its xlu_disk_parse, "+
		"%d disagreements with lint's disk-spec syntax findings (XLD0xx) for Xen %s",
		len(specs), configs, v, rejected, bad, v)
	if rejected == 0 || rejected == len(specs) {
		t.Errorf("libxlu %s rejected %d of %d specs: the mix exercises one side only", v, rejected, len(specs))
	}
}

// TestOracleAcrossReleases lints the same configs for all the releases
// available at once (ConfigAcross, as xldisk lint --xen=4.17,4.20 does)
// and checks that each disk-spec syntax finding (XLD0xx) names exactly the
// releases whose libxlu rejects the spec (no Releases: all of them), and
// that a disk accepted by some libxlu and rejected by another gets the
// portability finding (XLD318) unless lint finds an error for it on every
// release.
func TestOracleAcrossReleases(t *testing.T) {
	vs := oracle.Releases()
	if len(vs) < 2 {
		t.Skipf("%d libxlutil releases available; this needs two", len(vs))
	}
	specs := oracleSpecs(t, 3000)
	rcs := make([][]int, len(specs)) // spec -> rc per release
	for j, v := range vs {
		for i, p := range oracleParse(t, v, specs) {
			if j == 0 {
				rcs[i] = make([]int, len(vs))
			}
			rcs[i][j] = p.RC
		}
	}
	var differ, portable, bad int
	for _, cf := range oracleConfigs(specs) {
		res := ConfigAcross(cf.name, cf.data, domain.Options{}, vs)
		if res.Err != nil {
			t.Fatalf("%s: %v", cf.name, res.Err)
		}
		syntaxRels := map[int][]release.Version{} // disk -> releases of its XLD0xx findings
		errorRels := map[int][]release.Version{}  // disk -> releases with an error for it
		flagged := map[int]bool{}
		for _, d := range res.Diags {
			i := d.Disk()
			if strings.HasPrefix(d.Rule.String(), "XLD0") {
				rels := d.Releases
				if rels == nil {
					rels = vs
				}
				for _, v := range rels {
					if !contains(syntaxRels[i], v) {
						syntaxRels[i] = append(syntaxRels[i], v)
					}
				}
			}
			if d.Severity == diag.Error {
				rels := d.Releases
				if rels == nil {
					rels = vs
				}
				for _, v := range rels {
					if !contains(errorRels[i], v) {
						errorRels[i] = append(errorRels[i], v)
					}
				}
			}
			if d.Rule == RulePortability {
				flagged[i] = true
			}
		}
		for i, s := range cf.batch {
			var rejecting []release.Version
			for j, v := range vs {
				if rcs[cf.start+i][j] != 0 {
					rejecting = append(rejecting, v)
				}
			}
			if release.FormatSet(rejecting) != release.FormatSet(sortedSet(syntaxRels[i], vs)) {
				bad++
				if bad <= 10 {
					t.Errorf("%s disk %d %q: rejected by libxlu %v, lint's XLD0xx findings hold for %v\n%s",
						cf.name, i, s, rejecting, syntaxRels[i], dump(res))
				}
			}
			if len(rejecting) > 0 && len(rejecting) < len(vs) {
				differ++
				if flagged[i] {
					portable++
				} else if len(errorRels[i]) < len(vs) {
					bad++
					t.Errorf("%s disk %d %q: rejected by libxlu %v only, and no portability finding (XLD318)\n%s", cf.name, i, s, rejecting, dump(res))
				}
			}
		}
	}
	t.Logf("oracle: %d specs linted across Xen %s: %d parse on some of these libxlutil releases only (%d of them flagged XLD318, the rest refused on every release); %d disagreements",
		len(specs), release.FormatSet(vs), differ, portable, bad)
	if differ == 0 {
		t.Errorf("no spec parses differently in %v: the check exercises nothing", vs)
	}
}

// sortedSet returns the members of set in the order of all.
func sortedSet(set, all []release.Version) []release.Version {
	var out []release.Version
	for _, v := range all {
		if contains(set, v) {
			out = append(out, v)
		}
	}
	return out
}
