package diskspec_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/release"
)

// xlBlockAttach returns what `xl -N block-attach 0 FRAGS...` prints on
// stdout and its exit status.
func xlBlockAttach(frags []string) (string, int) {
	// Upstream's cases hold for Xen 4.19 and 4.20 (trusted flags, yajl).
	out, _, rc := xlFor(release.Xen420, frags)
	return out, rc
}

type parseCase struct {
	Args   []string `json:"args"`
	RC     int      `json:"rc"`
	Stdout string   `json:"stdout"`
}

// upstreamCases reads upstream Xen's parse cases from the shared reference
// when it is there (and checks the committed copy still matches it), else
// from the copy under testdata.
func upstreamCases(t *testing.T) []parseCase {
	t.Helper()
	local, err := os.ReadFile("testdata/xl-disk-parse-cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	data := local
	if shared, err := os.ReadFile("../../shared/reference/xl-disk-parse-cases.jsonl"); err == nil {
		if !bytes.Equal(shared, local) {
			t.Errorf("testdata/xl-disk-parse-cases.jsonl differs from ../shared/reference: copy it again")
		}
		data = shared
	}
	var cases []parseCase
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c parseCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("bad case line %q: %v", sc.Text(), err)
		}
		cases = append(cases, c)
	}
	return cases
}

func TestUpstreamParseCases(t *testing.T) {
	cases := upstreamCases(t)
	if len(cases) != 28 {
		t.Errorf("got %d upstream cases, want 28", len(cases))
	}
	for _, c := range cases {
		out, rc := xlBlockAttach(c.Args)
		if rc != c.RC {
			t.Errorf("%q: rc %d, want %d", c.Args, rc, c.RC)
		}
		if diff := cmp.Diff(c.Stdout, out); diff != "" {
			t.Errorf("%q: stdout (-want +got):\n%s", c.Args, diff)
		}
	}
}
