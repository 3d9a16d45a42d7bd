//go:build oracle

package oracle

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

type upstreamCase struct {
	Args   []string `json:"args"`
	Rc     int      `json:"rc"`
	Stdout string   `json:"stdout"`
}

// loadCasesInternal reads upstream Xen's parser cases (shared reference).
func loadCasesInternal(t *testing.T) []upstreamCase {
	t.Helper()
	f, err := os.Open("/work/shared/reference/xl-disk-parse-cases.jsonl")
	if err != nil {
		f, err = os.Open("../../diskspec/testdata/xl-disk-parse-cases.jsonl")
	}
	if err != nil {
		t.Skipf("no upstream cases: %v", err)
	}
	defer f.Close()
	var cases []upstreamCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c upstreamCase
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
