package diskspec_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/specgen"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
)

// recordedReleases are the Xen releases whose libxlutil outputs for the
// differential corpus are recorded (those of the oracle test's two Debian
// systems).
var recordedReleases = []release.Version{release.Xen417, release.Xen420}

// ocGoldenFile is the file that records libxlu v's outputs for every corpus
// case, so that tests without the oracle (no cgo, no libxen) compare
// against them: corpus.golden for 4.17, corpus-4.20.golden for 4.20. One
// line per case: rc TAB strconv.Quote(stdout) TAB strconv.Quote(stderr)
// TAB the case in corpus encoding (specgen.EncodeCase; its fragments are
// TAB-separated, so split the line into at most 4 fields).
func ocGoldenFile(v release.Version) string {
	if v == release.Xen417 {
		return "../testdata/golden/oracle/corpus.golden"
	}
	return "../testdata/golden/oracle/corpus-" + v.String() + ".golden"
}

// TestRecordedOracleCorpus checks the parser against libxlutil 4.17's and
// 4.20's outputs for the whole differential corpus, each parsing for its
// release, as recorded by the oracle test (go test -tags oracle -run
// OracleCorpus ./diskspec -oracle.update), so that machines without
// libxen-dev check it too.
func TestRecordedOracleCorpus(t *testing.T) {
	for _, v := range recordedReleases {
		t.Run(v.String(), func(t *testing.T) { checkRecordedCorpus(t, v) })
	}
}

// crashRefused reports whether xldisk refuses frags for Xen v as a spec
// that crashes libxlutil: a parameter of 16384 bytes or more, flagged by
// validate.RuleParserCrash (or, past diskspec's own bounds,
// diskspec.RuleLimits).
func crashRefused(v release.Version, frags []string) bool {
	p, err := diskspec.ParseWith(domain.Options{Xen: v}, frags...)
	if err != nil {
		for _, d := range diskspec.AsList(err) {
			if d.Rule == diskspec.RuleLimits {
				return true
			}
		}
		return false
	}
	plan := validate.Domain([]*diskspec.Parsed{p}, domain.Options{Xen: v})
	for _, d := range plan.Diags {
		if d.Rule == validate.RuleParserCrash {
			return true
		}
	}
	return false
}

func checkRecordedCorpus(t *testing.T, v release.Version) {
	f, err := os.Open(ocGoldenFile(v))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.SplitN(line, "\t", 4)
		if len(fields) != 4 {
			t.Fatalf("bad golden line %q", line)
		}
		rc, err1 := strconv.Atoi(fields[0])
		wantOut, err2 := strconv.Unquote(fields[1])
		wantErr, err3 := strconv.Unquote(fields[2])
		frags, err4 := specgen.DecodeCase(fields[3])
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			t.Fatalf("bad golden line %q", line)
		}
		n++
		out, errOut, gotRC := xlFor(v, frags)
		if rc == -1 {
			// libxlu crashed (a parameter of 16384 bytes or more): xldisk
			// refuses the spec as one that crashes it.
			if !crashRefused(v, frags) {
				t.Errorf("%q: libxlu %s crashes; xldisk does not refuse it (validate.RuleParserCrash)", frags, v)
			}
			continue
		}
		if rc == 2 {
			// libxlu's scanner jammed (xl exits 2): we reject instead, after
			// the same messages.
			before := strings.TrimSuffix(wantErr, "flex scanner jammed\n")
			if gotRC != 1 || out != "" || !strings.HasPrefix(errOut, before) {
				t.Errorf("%q: libxlu %s jams; we give rc %d, stdout %q, stderr %q", frags, v, gotRC, out, errOut)
			}
			continue
		}
		if gotRC != rc || out != wantOut || errOut != wantErr {
			t.Errorf("%q: (-libxlu %s +ours)\n%s", frags, v, cmp.Diff([]any{rc, wantOut, wantErr}, []any{gotRC, out, errOut}))
		}
	}
	if n < 300 {
		t.Errorf("only %d recorded cases", n)
	}
}
