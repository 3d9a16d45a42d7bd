package lint

import (
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/internal/specgen"
)

// quoteMapped quotes s for an xl.cfg file with quote character q, escaping
// what must be escaped and, at random, bytes that may be escaped; it
// returns the literal and, for each offset of s (and len(s)), the offset
// of the byte (or escape) in the literal that produces it. It is an
// implementation independent of xlcfg's, for checking positions.
func quoteMapped(r *rand.Rand, s string, q byte) (string, []int) {
	var b strings.Builder
	m := make([]int, len(s)+1)
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		m[i] = b.Len()
		c := s[i]
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t' && r.Intn(2) == 0:
			b.WriteString(`\t`)
		case (c == '\'' || c == '"') && r.Intn(2) == 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	m[len(s)] = b.Len()
	b.WriteByte(q)
	return b.String(), m
}

// TestPositionsThroughEscapes embeds disk specs (diskspec's oracle corpus
// and generated ones) in configs, quoted with random escapes, after a
// random number of lines and inside nested lists, and checks that every
// disk-spec parse error lint reports points at exactly the file bytes that
// produced the error's span of the spec.
func TestPositionsThroughEscapes(t *testing.T) {
	f, err := os.Open("../diskspec/testdata/oracle-corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := specgen.ReadCorpus(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	g := specgen.New(9)
	for i := 0; i < 2000; i++ {
		cases = append(cases, []string{g.SpecString()})
	}
	r := rand.New(rand.NewSource(4))
	checked := 0
	for _, c := range cases {
		if len(c) != 1 || strings.IndexByte(c[0], 0) >= 0 || strings.IndexByte(c[0], '\r') >= 0 {
			continue
		}
		spec := c[0]
		_, perr := diskspec.ParseDetailed(spec)
		errs := diag.AsList(perr)
		if len(errs) == 0 {
			continue
		}
		lit, m := quoteMapped(r, spec, "'\""[r.Intn(2)])
		prefix := strings.Repeat("# line\n", r.Intn(3)) + "type = 'pv'\ndisk = [\n  '/dev/vg/ok,raw,xvdz,rw',\n  "
		if r.Intn(3) == 0 {
			prefix += "[ " // nested: xl ignores it, lint still reports its errors
		}
		src := prefix + lit + strings.Repeat(" ]", strings.Count(prefix, "[")) + "\n"
		res := Config("p.cfg", []byte(src), domain.Options{})
		base := len(prefix)
		var got [][2]int
		for _, fd := range res.Diags {
			if strings.HasPrefix(fd.Rule.String(), "XLD0") {
				st, en := fd.Range.Start, fd.Range.End
				got = append(got, [2]int{st.Offset, en.Offset})
				// Line and column agree with the offset.
				ls := strings.LastIndexByte(src[:st.Offset], '\n') + 1
				if st.Line != strings.Count(src[:st.Offset], "\n")+1 || st.Column != st.Offset-ls+1 {
					t.Errorf("%q: %v has the wrong line/column for offset %d", src, fd, st.Offset)
				}
			}
		}
		var want [][2]int
		for _, e := range errs {
			sp := e.Span()
			want = append(want, [2]int{base + m[sp.Offset], base + m[sp.End()]})
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d syntax findings, want %d:\n%s", src, len(got), len(want), dump(res))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%q: finding %d at bytes %v (%q), want %v (%q)", src, i, got[i], src[got[i][0]:got[i][1]], want[i], src[want[i][0]:want[i][1]])
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Errorf("only %d specs with errors checked", checked)
	}
	t.Logf("%d rejected specs: every error span maps to the right file bytes", checked)
}
