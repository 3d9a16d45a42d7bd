package diskspec_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/internal/specgen"
	"github.com/xldisk/xldisk/release"
)

// xlOutputs returns what our parser makes `xl -N block-attach 0 FRAGS...`
// print on stdout and stderr, and its exit status, for libxlutil 4.17.
func xlOutputs(frags []string) (stdout, stderr string, rc int) {
	return xlFor(release.Xen417, frags)
}

// TestRecordedOracleCorpus checks the parser against libxlutil 4.17's
// outputs for the whole differential corpus, as recorded by the oracle test
// (go test -tags oracle -run OracleCorpus ./diskspec -oracle.update), so
// that machines without libxen-dev check it too.
func TestRecordedOracleCorpus(t *testing.T) {
	f, err := os.Open("../testdata/golden/oracle/corpus.golden")
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
		out, errOut, gotRC := xlOutputs(frags)
		if rc == 2 {
			// libxlu's scanner jammed (xl exits 2): we reject instead, after
			// the same messages.
			before := strings.TrimSuffix(wantErr, "flex scanner jammed\n")
			if gotRC != 1 || out != "" || !strings.HasPrefix(errOut, before) {
				t.Errorf("%q: libxlu jams; we give rc %d, stdout %q, stderr %q", frags, gotRC, out, errOut)
			}
			continue
		}
		if gotRC != rc || out != wantOut || errOut != wantErr {
			t.Errorf("%q: (-libxlu +ours)\n%s", frags, cmp.Diff([]any{rc, wantOut, wantErr}, []any{gotRC, out, errOut}))
		}
	}
	if n < 300 {
		t.Errorf("only %d recorded cases", n)
	}
}
