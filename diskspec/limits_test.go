package diskspec_test

import (
	"strings"
	"testing"
	"time"

	"github.com/xldisk/xldisk/diskspec"
)

func TestMaxParams(t *testing.T) {
	ok := strings.Repeat("discard,", diskspec.MaxParams-2) + "vdev=xvda,target=/x"
	if _, err := diskspec.Parse(ok + " \n"); err != nil {
		t.Fatalf("%d parameters: %v", diskspec.MaxParams, err)
	}
	_, err := diskspec.Parse("discard," + ok)
	l := diskspec.AsList(err)
	if len(l) != 1 || l[0].Rule != diskspec.RuleLimits || l[0].Span().End() != len(ok)+len("discard,") ||
		l[0].Message != "too many parameters in disk specification (at most 4096)" {
		t.Fatalf("%d parameters: %v", diskspec.MaxParams+1, err)
	}
	// An error libxlu reports before the limit is reported as libxlu does.
	_, err = diskspec.Parse(strings.Repeat(",", diskspec.MaxSpecLen))
	l = diskspec.AsList(err)
	if len(l) != 1 || l[0].Message != "too many positional parameters" {
		t.Fatalf("a spec of commas: %v", err)
	}
}

// BenchmarkCommas is the costliest shape per byte: one parameter per byte.
func BenchmarkCommas(b *testing.B) {
	s := strings.Repeat(",", 64<<10)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		diskspec.Parse(s)
	}
}

// TestManyErrorsLinear: a spec of two thousand fixable errors (each two
// parameters: "frmat=r" and "aw,") is reported in linear time: edits are
// tried for a parse's one error only.
func TestManyErrorsLinear(t *testing.T) {
	s := strings.Repeat("frmat=raw,", 2000) + "vdev=xvda,target=/x"
	start := time.Now()
	_, err := diskspec.Parse(s)
	if l := diskspec.AsList(err); len(l) != 2000 || len(edits(err)) != 0 {
		t.Fatalf("%d errors, %d edits", len(l), len(edits(err)))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
