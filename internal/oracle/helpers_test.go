//go:build oracle

package oracle

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// UpstreamCase is one of upstream Xen's parser cases (tools/xl/check-xl-disk-parse).
type UpstreamCase struct {
	Args   []string `json:"args"`
	Rc     int      `json:"rc"`
	Stdout string   `json:"stdout"`
}

// LoadUpstreamCases reads upstream Xen's parser cases (the repository's
// copy of the shared reference, diskspec/testdata). It is exported for
// this package's external tests.
func LoadUpstreamCases(t *testing.T) []UpstreamCase {
	t.Helper()
	f, err := os.Open("../../diskspec/testdata/xl-disk-parse-cases.jsonl")
	if err != nil {
		t.Skipf("no upstream cases: %v", err)
	}
	defer f.Close()
	var cases []UpstreamCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c UpstreamCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	return cases
}

func hasNewKeyword(args []string) bool {
	for _, a := range args {
		if strings.Contains(a, "trusted") || strings.Contains(a, "grant_usage") {
			return true
		}
	}
	return false
}
