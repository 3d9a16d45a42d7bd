//go:build oracle

package diskspec_test

// Differential tests of diskspec against every Xen release's own
// libxlutil available as an oracle (internal/oracle: 4.17 of this Debian 12
// machine, 4.20 of the Debian 13 root): a committed corpus, ten thousand
// generated specs per release and run, and a fuzz target, each compared on
// exit status, stdout and stderr of `xl -N block-attach 0 FRAGS...`, with
// xldisk parsing for the same release (domain.Options.Xen).
//
//	go test -tags oracle -run 'Oracle' -v ./diskspec [-seed N] [-oracle.n N]

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/internal/specgen"
	"github.com/xldisk/xldisk/release"
)

var (
	ocSeed    = flag.Int64("seed", 0, "seed for the generated oracle specs (0: time)")
	ocN       = flag.Int("oracle.n", 10000, "number of generated specs compared with libxlu, per release")
	ocShowMax = flag.Int("oracle.show", 5, "disagreements shown in full")
	ocUpdate  = flag.Bool("oracle.update", false, "rewrite the corpus goldens (ocGoldenFile) from libxlu's outputs")
)

const ocCorpusFile = "testdata/oracle-corpus.txt"

var ocSeedOnce = sync.OnceValue(func() int64 {
	if *ocSeed != 0 {
		return *ocSeed
	}
	return time.Now().UnixNano()
})

// ocSeedValue is the seed of this run: -seed, or the time (the same for
// every test of the run).
func ocSeedValue() int64 { return ocSeedOnce() }

// ocResult is one side's output.
type ocResult struct {
	stdout, stderr string
	rc             int
}

// ocJam is what flex prints before exit(2) when libxlu's scanner jams (a
// bad byte just before a newline).
const ocJam = "flex scanner jammed\n"

// ocCompareResult compares libxlu's outcome want for frags with diskspec
// parsing for release v; it returns a description of the disagreement, or
// "", and whether libxlu's scanner jammed.
//
// Two outcomes of libxlu cannot be reproduced and are checked otherwise.
// A jam (xl exits 2 with "flex scanner jammed"): diskspec must reject the
// spec, with empty stdout, and its report must start with what libxlu
// printed before jamming. A crash (rc -1, a parameter of 16384 bytes or
// more): xldisk must refuse the spec as one that crashes libxlu.
func ocCompareResult(v release.Version, frags []string, want ocResult) (string, bool) {
	var got ocResult
	got.stdout, got.stderr, got.rc = xlFor(v, frags)
	jam := want.rc == 2 && strings.HasSuffix(want.stderr, ocJam)
	switch {
	case want == got:
		return "", jam
	case jam && got.rc == 1 && got.stdout == "" && strings.HasPrefix(got.stderr, strings.TrimSuffix(want.stderr, ocJam)):
		return "", jam
	case want.rc == -1 && crashRefused(v, frags):
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "spec %s\n", ocQuote(frags))
	fmt.Fprintf(&b, "  corpus line: %s\n", ocEncode(frags))
	fmt.Fprintf(&b, "  libxlu %s: rc %d stdout %q\n            stderr %q\n", v, want.rc, want.stdout, want.stderr)
	fmt.Fprintf(&b, "  diskspec:    rc %d stdout %q\n            stderr %q\n", got.rc, got.stdout, got.stderr)
	if want.rc == -1 {
		b.WriteString("  libxlu crashed, and xldisk does not refuse the spec as one that crashes it (validate.RuleParserCrash)\n")
	}
	return b.String(), jam
}

func ocQuote(frags []string) string {
	q := make([]string, len(frags))
	for i, f := range frags {
		q[i] = fmt.Sprintf("%q", f)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// ocEncode writes frags as one corpus line (see specgen.EncodeCase).
func ocEncode(frags []string) string { return specgen.EncodeCase(frags) }

// ocCorpus reads the committed corpus (encoding: specgen.EncodeCase, and
// the comment at the top of the file).
func ocCorpus(t testing.TB) [][]string {
	t.Helper()
	f, err := os.Open(ocCorpusFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := specgen.ReadCorpus(f)
	if err != nil {
		t.Fatalf("%s: %v", ocCorpusFile, err)
	}
	return cases
}

// ocReleases returns the Xen releases whose libxlutil is an oracle here;
// the test is skipped when there is none.
func ocReleases(t *testing.T) []release.Version {
	t.Helper()
	vs := oracle.Releases()
	if len(vs) == 0 {
		t.Skip("no libxlutil oracle available")
	}
	return vs
}

// ocMessages are every message libxlu's disk parser can report (apart
// from out-of-memory) in every release, each of which the corpus must
// produce.
var ocMessages = []string{
	"unknown value for format", "unknown value for type", "unknown value for access",
	"unknown value for backendtype", "unknown value for specification", "unknown value for colo_port",
	"format respecified", "backend respecified", "specification respecified",
	"vdev respecified", "script respecified", "target respecified",
	"colo-host respecified", "colo-export respecified", "active-disk respecified", "hidden-disk respecified",
	"unknown parameter", "unknown deprecated disk prefix", "unknown deprecated type",
	"too many positional parameters", "bad disk syntax",
	"no vdev specified", "no target specified (and device not removable)",
}

// ocJSONKeys are the keys of libxl's disk JSON that every release's parser
// can set, each of which an accepted corpus spec must print.
var ocJSONKeys = []string{
	"backend_domname", "pdev_path", "vdev", "backend", "format", "script", "removable",
	"readwrite", "is_cdrom", "direct_io_safe", "discard_enable", "specification",
	"colo_enable", "colo_host", "colo_port", "colo_export", "active_disk", "hidden_disk",
}

// ocJSONKeysFor adds the keys only some releases have.
func ocJSONKeysFor(v release.Version) []string {
	keys := ocJSONKeys
	if v.Has(release.TrustedFlags) {
		keys = append(keys[:len(keys):len(keys)], "trusted")
	}
	if v.Has(release.GrantUsage) {
		keys = append(keys[:len(keys):len(keys)], "grant_usage")
	}
	return keys
}

// ocMsgRE finds libxlu's messages; ocKeyRE the JSON keys in either
// printer's layout (yajl's "key": value or json-c's "key":value).
var ocMsgRE = regexp.MustCompile("in disk specification: (.*?)(?:: near `| in `)")
var ocKeyRE = regexp.MustCompile(`(?m)^ +"([a-z_]+)": ?(.*?),?$`)

// ocTally records what the oracle printed, for the coverage checks.
type ocTally struct {
	msgs                   map[string]int
	keys                   map[string]int
	values                 map[string]int
	ok, bad, jams, crashes int
}

func (ty *ocTally) add(r ocResult) {
	if ty.msgs == nil {
		ty.msgs, ty.keys, ty.values = map[string]int{}, map[string]int{}, map[string]int{}
	}
	switch r.rc {
	case 0:
		ty.ok++
	case 2:
		ty.jams++
	case -1:
		ty.crashes++
	default:
		ty.bad++
	}
	for _, m := range ocMsgRE.FindAllStringSubmatch(r.stderr, -1) {
		ty.msgs[m[1]]++
	}
	for _, m := range ocKeyRE.FindAllStringSubmatch(r.stdout, -1) {
		ty.keys[m[1]]++
		switch m[1] {
		case "format", "backend", "specification", "discard_enable", "colo_enable":
			ty.values[m[1]+"="+m[2]]++
		}
	}
}

func (ty *ocTally) String() string {
	var ks []string
	for k, n := range ty.msgs {
		ks = append(ks, fmt.Sprintf("%q:%d", k, n))
	}
	sort.Strings(ks)
	return fmt.Sprintf("%d accepted, %d rejected, %d scanner jams, %d crashes; messages %s",
		ty.ok, ty.bad, ty.jams, ty.crashes, strings.Join(ks, " "))
}

// ocDiffer compares batches of specs for one release, collects the
// disagreements and reports the first ones in full.
type ocDiffer struct {
	t     *testing.T
	v     release.Version
	lib   *oracle.Libxlu
	n     int
	first []string
}

func newDiffer(t *testing.T, v release.Version) *ocDiffer {
	return &ocDiffer{t: t, v: v, lib: oracle.LibxluOf(t, v)}
}

// check compares every spec and returns libxlu's outcomes.
func (d *ocDiffer) check(specs [][]string) []ocResult {
	const batch = 2000
	out := make([]ocResult, 0, len(specs))
	for start := 0; start < len(specs); start += batch {
		part := specs[start:min(start+batch, len(specs))]
		for i, r := range d.lib.DiskParseBatch(part) {
			want := ocResult{r.Stdout, r.Stderr, r.RC}
			if msg, _ := ocCompareResult(d.v, part[i], want); msg != "" {
				d.n++
				if len(d.first) < *ocShowMax {
					d.first = append(d.first, msg)
				}
			}
			out = append(out, want)
		}
	}
	return out
}

func (d *ocDiffer) report(what string) {
	if d.n == 0 {
		return
	}
	d.t.Errorf("%s: %d disagreements with libxlutil %s; the first %d:\n%s", what, d.n, d.v, len(d.first), strings.Join(d.first, "\n"))
	if path := os.Getenv("XLDISK_DISAGREEMENTS"); path != "" {
		os.WriteFile(path, []byte(what+"\n"+strings.Join(d.first, "\n")), 0o644)
	}
}

// ocGenerated returns n specs of the generator with every keyword any
// libxlu knows (specgen.Options.Libxlu: everything but colo-params=, a
// deliberate difference).
func ocGenerated(seed int64, n int) [][]string {
	g := specgen.NewWithOptions(seed, specgen.Options{Libxlu: true})
	specs := make([][]string, n)
	for i := range specs {
		specs[i] = g.Spec()
	}
	return specs
}

// TestOracleCorpus compares every corpus spec with each release's libxlu,
// checks that the corpus reaches every libxlu message and every JSON key,
// and that the recorded goldens (ocGoldenFile) are current.
func TestOracleCorpus(t *testing.T) {
	cases := ocCorpus(t)
	if len(cases) < 300 {
		t.Errorf("corpus has %d cases, want at least 300", len(cases))
	}
	for _, v := range ocReleases(t) {
		t.Run(v.String(), func(t *testing.T) {
			d := newDiffer(t, v)
			var ty ocTally
			var golden strings.Builder
			fmt.Fprintf(&golden, "# libxlu %s outputs for diskspec/testdata/oracle-corpus.txt, written by\n"+
				"# go test -tags oracle -run OracleCorpus ./diskspec -oracle.update\n"+
				"# Fields (TAB-separated, at most 4): rc, stdout and stderr (Go-quoted), the case (corpus encoding).\n", v)
			for i, r := range d.check(cases) {
				ty.add(r)
				fmt.Fprintf(&golden, "%d\t%s\t%s\t%s\n", r.rc, strconv.Quote(r.stdout), strconv.Quote(r.stderr), ocEncode(cases[i]))
			}
			d.report("corpus")
			file := ocGoldenFile(v)
			if *ocUpdate {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(golden.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if old, err := os.ReadFile(file); err != nil || string(old) != golden.String() {
				t.Errorf("%s is missing or stale (err %v): regenerate with -oracle.update", file, err)
			}
			for _, m := range ocMessages {
				if ty.msgs[m] == 0 {
					t.Errorf("corpus never makes libxlu %s report %q", v, m)
				}
			}
			for _, k := range ocJSONKeysFor(v) {
				if ty.keys[k] == 0 {
					t.Errorf("corpus never makes libxlu %s print JSON key %q", v, k)
				}
			}
			for _, val := range []string{`format="raw"`, `format="qcow"`, `format="qcow2"`, `format="vhd"`, `format="empty"`, `format="qed"`,
				`backend="phy"`, `backend="tap"`, `backend="qdisk"`, `backend="standalone"`, `specification="xen"`, `specification="virtio"`,
				`discard_enable="True"`, `discard_enable="False"`, `colo_enable="True"`, `colo_enable="False"`} {
				if ty.values[val] == 0 {
					t.Errorf("corpus never makes libxlu %s print %s", v, val)
				}
			}
			t.Logf("corpus: %s", &ty)
			t.Logf("oracle: %d corpus specs agree with libxlutil %s (%d disagree); %d/%d messages, %d/%d JSON keys covered",
				len(cases)-d.n, v, d.n, len(ty.msgs), len(ocMessages), len(ty.keys), len(ocJSONKeysFor(v)))
		})
	}
}

// TestOracleGenerated compares -oracle.n generated specs with each
// release's libxlu, and the one-line summary CI greps for.
func TestOracleGenerated(t *testing.T) {
	seed := ocSeedValue()
	t.Logf("seed %d (reproduce with -seed %d)", seed, seed)
	specs := ocGenerated(seed, *ocN)
	ncorpus := len(ocCorpus(t))
	for _, v := range ocReleases(t) {
		t.Run(v.String(), func(t *testing.T) {
			d := newDiffer(t, v)
			var ty ocTally
			for _, r := range d.check(specs) {
				ty.add(r)
			}
			d.report(fmt.Sprintf("generated (seed %d)", seed))
			if ty.ok < *ocN/10 || ty.bad < *ocN/10 {
				t.Errorf("poor mix: %s", &ty)
			}
			t.Logf("generated: %s", &ty)
			t.Logf("oracle: %d generated specs agree with libxlutil %s (%d disagree) (seed %d; the corpus: %d cases, TestOracleCorpus)",
				*ocN-d.n, v, d.n, seed, ncorpus)
		})
	}
}

// FuzzDiffLibxlu feeds the same fragments to libxlu and to diskspec.
// Inputs with a NUL byte, or with colo-params= (no libxlu knows it), are
// skipped.
func FuzzDiffLibxlu(f *testing.F) {
	for _, frags := range ocCorpus(f) {
		switch len(frags) {
		case 1:
			f.Add(frags[0], "", uint8(1))
		case 2:
			f.Add(frags[0], frags[1], uint8(2))
		}
	}
	f.Fuzz(func(t *testing.T, a, b string, n uint8) {
		frags := []string{a, b}[:1+int(n%2)]
		for _, s := range frags {
			if strings.IndexByte(s, 0) >= 0 || len(s) > 1<<16 {
				t.Skip("NUL byte or longer than 64 KiB")
			}
		}
		if specgen.LibxluLacks(frags) {
			t.Skip("uses colo-params=, which no libxlu knows")
		}
		for _, v := range oracle.Releases() {
			r := oracle.LibxluOf(t, v).DiskParseBatch([][]string{frags})[0]
			if msg, _ := ocCompareResult(v, frags, ocResult{r.Stdout, r.Stderr, r.RC}); msg != "" {
				t.Fatalf("disagreement with libxlutil %s:\n%s", v, msg)
			}
		}
	})
}
