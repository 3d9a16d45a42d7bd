//go:build oracle

package diskspec_test

// Differential tests of diskspec against Xen 4.17's own libxlutil (the
// oracle, internal/oracle): a committed corpus, ten thousand generated specs
// per run and a fuzz target, each compared on exit status, stdout and stderr
// of `xl -N block-attach 0 FRAGS...`.
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
	ocN       = flag.Int("oracle.n", 10000, "number of generated specs compared with libxlu")
	ocShowMax = flag.Int("oracle.show", 5, "disagreements shown in full")
	ocUpdate  = flag.Bool("oracle.update", false, "rewrite "+ocGoldenFile+" from libxlu's outputs")
)

// ocGoldenFile records libxlu 4.17's outputs for every corpus case, so that
// tests without the oracle (no cgo, no libxen) can compare against them.
// One line per case: rc TAB strconv.Quote(stdout) TAB strconv.Quote(stderr)
// TAB the case in corpus encoding (specgen.EncodeCase; its fragments are
// TAB-separated, so split the line into at most 4 fields).
const ocGoldenFile = "../testdata/golden/oracle/corpus.golden"

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

// ocXL returns what our parser makes `xl -N block-attach 0 FRAGS...` print.
func ocXL(frags []string) (stdout, stderr string, rc int) {
	return xlFor(release.Xen417, frags)
}

// ocResult is one side's output.
type ocResult struct {
	stdout, stderr string
	rc             int
}

// ocJam is what flex prints before exit(2) when libxlu's scanner jams (a
// bad byte just before a newline).
const ocJam = "flex scanner jammed\n"

// ocCompare runs both parsers; it returns a description of the
// disagreement, or "", and whether libxlu's scanner jammed.
//
// A jam is the one divergence by design: xl exits 2 with "flex scanner
// jammed", diskspec rejects the spec. There we require rejection, empty
// stdout, and that our report starts with what libxlu printed before
// jamming.
func ocCompare(frags []string) (string, ocResult, bool) {
	var want, got ocResult
	want.stdout, want.stderr, want.rc = oracle.DiskParse(frags)
	got.stdout, got.stderr, got.rc = ocXL(frags)
	jam := want.rc == 2 && strings.HasSuffix(want.stderr, ocJam)
	if want == got || jam && got.rc == 1 && got.stdout == "" &&
		strings.HasPrefix(got.stderr, strings.TrimSuffix(want.stderr, ocJam)) {
		return "", want, jam
	}
	var b strings.Builder
	fmt.Fprintf(&b, "spec %s\n", ocQuote(frags))
	fmt.Fprintf(&b, "  corpus line: %s\n", ocEncode(frags))
	fmt.Fprintf(&b, "  libxlu:   rc %d stdout %q\n            stderr %q\n", want.rc, want.stdout, want.stderr)
	fmt.Fprintf(&b, "  diskspec: rc %d stdout %q\n            stderr %q\n", got.rc, got.stdout, got.stderr)
	return b.String(), want, jam
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

// ocMessages are every message libxlu 4.17's disk parser can report (apart
// from out-of-memory), each of which the corpus must produce.
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

// ocJSONKeys are the keys of libxl's disk JSON that 4.17's parser can set,
// each of which an accepted corpus spec must print.
var ocJSONKeys = []string{
	"backend_domname", "pdev_path", "vdev", "backend", "format", "script", "removable",
	"readwrite", "is_cdrom", "direct_io_safe", "discard_enable", "specification",
	"colo_enable", "colo_host", "colo_port", "colo_export", "active_disk", "hidden_disk",
}

var ocMsgRE = regexp.MustCompile("in disk specification: (.*?)(?:: near `| in `)")
var ocKeyRE = regexp.MustCompile(`(?m)^    "([a-z_]+)": (.*?),?$`)

// ocTally records what the oracle printed, for the coverage checks.
type ocTally struct {
	msgs          map[string]int
	keys          map[string]int
	values        map[string]int
	ok, bad, jams int
}

func (ty *ocTally) add(r ocResult) {
	if ty.msgs == nil {
		ty.msgs, ty.keys, ty.values = map[string]int{}, map[string]int{}, map[string]int{}
	}
	switch {
	case r.rc == 0:
		ty.ok++
	case r.rc == 2:
		ty.jams++
	default:
		ty.bad++
	}
	for _, m := range ocMsgRE.FindAllStringSubmatch(r.stderr, -1) {
		ty.msgs[m[1]]++
	}
	for _, m := range ocKeyRE.FindAllStringSubmatch(r.stdout, -1) {
		ty.keys[m[1]]++
		if m[1] == "format" || m[1] == "backend" || m[1] == "specification" || m[1] == "discard_enable" || m[1] == "colo_enable" {
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
	return fmt.Sprintf("%d accepted, %d rejected, %d scanner jams; messages %s", ty.ok, ty.bad, ty.jams, strings.Join(ks, " "))
}

// ocDiffer collects disagreements and reports the first ones in full.
type ocDiffer struct {
	t     *testing.T
	n     int
	first []string
}

func (d *ocDiffer) check(frags []string) ocResult {
	msg, want, _ := ocCompare(frags)
	if msg != "" {
		d.n++
		if len(d.first) < *ocShowMax {
			d.first = append(d.first, msg)
		}
	}
	return want
}

func (d *ocDiffer) report(what string) {
	if d.n == 0 {
		return
	}
	d.t.Errorf("%s: %d disagreements with libxlu 4.17; the first %d:\n%s", what, d.n, len(d.first), strings.Join(d.first, "\n"))
	if path := os.Getenv("XLDISK_DISAGREEMENTS"); path != "" {
		os.WriteFile(path, []byte(what+"\n"+strings.Join(d.first, "\n")), 0o644)
	}
}

// TestOracleCorpus compares every corpus spec with libxlu and checks that
// the corpus reaches every libxlu message and every JSON key.
func TestOracleCorpus(t *testing.T) {
	cases := ocCorpus(t)
	if len(cases) < 300 {
		t.Errorf("corpus has %d cases, want at least 300", len(cases))
	}
	d := &ocDiffer{t: t}
	var ty ocTally
	var golden strings.Builder
	golden.WriteString("# libxlu 4.17 outputs for diskspec/testdata/oracle-corpus.txt, written by\n" +
		"# go test -tags oracle -run OracleCorpus ./diskspec -oracle.update\n" +
		"# Fields (TAB-separated, at most 4): rc, stdout and stderr (Go-quoted), the case (corpus encoding).\n")
	for _, frags := range cases {
		r := d.check(frags)
		ty.add(r)
		fmt.Fprintf(&golden, "%d\t%s\t%s\t%s\n", r.rc, strconv.Quote(r.stdout), strconv.Quote(r.stderr), ocEncode(frags))
	}
	d.report("corpus")
	if *ocUpdate {
		if err := os.MkdirAll(filepath.Dir(ocGoldenFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ocGoldenFile, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if old, err := os.ReadFile(ocGoldenFile); err != nil || string(old) != golden.String() {
		t.Errorf("%s is missing or stale (err %v): regenerate with -oracle.update", ocGoldenFile, err)
	}
	for _, m := range ocMessages {
		if ty.msgs[m] == 0 {
			t.Errorf("corpus never makes libxlu report %q", m)
		}
	}
	for _, k := range ocJSONKeys {
		if ty.keys[k] == 0 {
			t.Errorf("corpus never makes libxlu print JSON key %q", k)
		}
	}
	for _, v := range []string{`format="raw"`, `format="qcow"`, `format="qcow2"`, `format="vhd"`, `format="empty"`, `format="qed"`,
		`backend="phy"`, `backend="tap"`, `backend="qdisk"`, `backend="standalone"`, `specification="xen"`, `specification="virtio"`,
		`discard_enable="True"`, `discard_enable="False"`, `colo_enable="True"`, `colo_enable="False"`} {
		if ty.values[v] == 0 {
			t.Errorf("corpus never makes libxlu print %s", v)
		}
	}
	t.Logf("corpus: %s", &ty)
	t.Logf("oracle: %d corpus specs agree with libxlutil 4.17 (%d disagree); %d/%d messages, %d/%d JSON keys covered",
		len(cases)-d.n, d.n, len(ty.msgs), len(ocMessages), len(ty.keys), len(ocJSONKeys))
}

// TestOracleGenerated compares -oracle.n generated specs with libxlu.
func TestOracleGenerated(t *testing.T) {
	seed := ocSeedValue()
	t.Logf("seed %d (reproduce with -seed %d)", seed, seed)
	g := specgen.NewWithOptions(seed, specgen.Options{Libxlu: true})
	d := &ocDiffer{t: t}
	var ty ocTally
	for i := 0; i < *ocN; i++ {
		ty.add(d.check(g.Spec()))
	}
	d.report(fmt.Sprintf("generated (seed %d)", seed))
	if ty.ok < *ocN/10 || ty.bad < *ocN/10 {
		t.Errorf("poor mix: %s", &ty)
	}
	t.Logf("generated: %s", &ty)
	t.Logf("oracle: %d generated specs agree with libxlutil 4.17 (%d disagree) (seed %d)", *ocN-d.n, d.n, seed)
}

// TestOracleSummary is the one-line summary CI greps for.
func TestOracleSummary(t *testing.T) {
	seed := ocSeedValue()
	cases := ocCorpus(t)
	d := &ocDiffer{t: t}
	for _, frags := range cases {
		d.check(frags)
	}
	nc := d.n
	g := specgen.NewWithOptions(seed, specgen.Options{Libxlu: true})
	for i := 0; i < *ocN; i++ {
		d.check(g.Spec())
	}
	d.report(fmt.Sprintf("corpus + generated (seed %d)", seed))
	if d.n == 0 {
		t.Logf("oracle: %d corpus + %d generated specs agree with libxlutil 4.17 (seed %d)", len(cases), *ocN, seed)
	} else {
		t.Logf("oracle: %d corpus + %d generated specs: %d corpus and %d generated disagree with libxlutil 4.17 (seed %d)",
			len(cases), *ocN, nc, d.n-nc, seed)
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
		if msg, _, _ := ocCompare(frags); msg != "" {
			t.Fatalf("disagreement with libxlu 4.17:\n%s", msg)
		}
	})
}
